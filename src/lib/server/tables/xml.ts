/**
 * A small streaming XML reader for the parts of an XLSX package (saxes underneath). Element names
 * are given without their prefix (strict OOXML and "x:" prefixed files read the same); attributes
 * keep their qualified names. A DOCTYPE is refused (no entity tricks: XXE, billion laughs), and so
 * is any undefined entity or malformed XML.
 */
import { SaxesParser } from 'saxes';
import { TableError } from './types';

export interface XmlHandlers {
	open?(name: string, attrs: Record<string, string>): void;
	close?(name: string): void;
	text?(text: string): void;
}

const localName = (qname: string): string => {
	const i = qname.indexOf(':');
	return i < 0 ? qname : qname.slice(i + 1);
};

/** An attribute by local name: `id` finds `r:id` (any prefix); `xml:space` must be asked by its full name. */
export function attr(attrs: Record<string, string>, name: string): string | undefined {
	const v = attrs[name];
	if (v !== undefined) return v;
	for (const k in attrs) if (k.endsWith(`:${name}`) && k !== `xmlns:${name}`) return attrs[k];
	return undefined;
}

export function brokenPart(part: string, detail: string): TableError {
	return new TableError('broken', `Die Datei ist beschädigt und kann nicht gelesen werden (Teil „${part.slice(0, 100)}“: ${detail}).`);
}

function decodeXml(bytes: Uint8Array, part: string): string {
	try {
		if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
		if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw brokenPart(part, 'keine gültige Zeichenkodierung');
	}
}

/** Parse one part; handler exceptions (e.g. a TableError for a limit) pass through unchanged. */
export function parseXml(bytes: Uint8Array, part: string, h: XmlHandlers): void {
	const text = decodeXml(bytes, part);
	const parser = new SaxesParser({ position: false });
	let handlerError: unknown = null;
	const guard = <A extends unknown[]>(fn: ((...a: A) => void) | undefined) =>
		fn
			? (...a: A) => {
					if (handlerError) return;
					try {
						fn(...a);
					} catch (e) {
						handlerError = e;
						throw e;
					}
				}
			: undefined;
	const open = guard(h.open?.bind(h));
	const close = guard(h.close?.bind(h));
	const onText = guard(h.text?.bind(h));
	parser.on('doctype', () => {
		throw brokenPart(part, 'DOCTYPE-Deklarationen sind nicht erlaubt');
	});
	if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes as Record<string, string>));
	if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
	if (onText) {
		parser.on('text', (t) => onText(t));
		parser.on('cdata', (t) => onText(t));
	}
	try {
		parser.write(text).close();
	} catch (e) {
		if (handlerError) throw handlerError;
		if (e instanceof TableError) throw e;
		throw brokenPart(part, 'kein gültiges XML');
	}
}

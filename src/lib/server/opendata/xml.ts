/**
 * A very small XML writer: elements are built as data and serialised in one place, so every text
 * and attribute value goes through the same escaping. Characters that XML 1.0 does not allow at
 * all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot be escaped and are dropped.
 */

export interface XmlElement {
	name: string;
	attrs: [string, string][];
	children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** One element: `el('dct:title', { 'xml:lang': 'de' }, 'Text')`. Undefined attributes are left out. */
export function el(name: string, attrs: Record<string, string | undefined> = {}, ...children: (XmlNode | null | undefined | false)[]): XmlElement {
	if (!/^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/.test(name)) throw new Error(`Ungültiger XML-Name: ${name}`);
	const list: [string, string][] = [];
	for (const [k, v] of Object.entries(attrs)) {
		if (!/^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/.test(k)) throw new Error(`Ungültiger XML-Attributname: ${k}`);
		if (v !== undefined) list.push([k, v]);
	}
	return { name, attrs: list, children: children.filter((c): c is XmlNode => c !== null && c !== undefined && c !== false) };
}

// Tab, LF, CR and the ranges XML 1.0 allows; everything else (and unpaired surrogates) is removed.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
	return value.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and whitespace as character references so parsers keep it. */
export function xmlAttr(value: string): string {
	return xmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function write(node: XmlNode, depth: number, out: string[]): void {
	const pad = '\t'.repeat(depth);
	if (typeof node === 'string') {
		out.push(pad + xmlText(node));
		return;
	}
	const open = node.name + node.attrs.map(([k, v]) => ` ${k}="${xmlAttr(v)}"`).join('');
	if (node.children.length === 0) {
		out.push(`${pad}<${open}/>`);
	} else if (node.children.every((c) => typeof c === 'string')) {
		// Text content stays on the line: indentation inside it would change the literal.
		out.push(`${pad}<${open}>${(node.children as string[]).map(xmlText).join('')}</${node.name}>`);
	} else {
		out.push(`${pad}<${open}>`);
		for (const c of node.children) {
			if (typeof c === 'string') throw new Error(`Gemischter Inhalt in <${node.name}> wird nicht geschrieben`);
			write(c, depth + 1, out);
		}
		out.push(`${pad}</${node.name}>`);
	}
}

/** The document: XML declaration (UTF-8), the root element, a final newline. */
export function xmlDocument(root: XmlElement): string {
	const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
	write(root, 0, out);
	return out.join('\n') + '\n';
}

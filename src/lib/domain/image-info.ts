/**
 * What an uploaded image is, read from its own bytes (issue 16: the logo of the conference paper).
 * Only PNG and JPEG are accepted: both can be embedded in PPTX and PDF, and neither can carry
 * script (an SVG could). The media type the browser sends is not trusted; the signature decides.
 */
export interface ImageInfo {
	type: 'image/png' | 'image/jpeg';
	width: number;
	height: number;
}

/** Largest width or height accepted, in pixels (a logo, not a photo). */
export const IMAGE_MAX_SIDE = 8000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function u16(b: Uint8Array, at: number): number {
	return (b[at]! << 8) | b[at + 1]!;
}

function u32(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

function sane(type: ImageInfo['type'], width: number, height: number): ImageInfo | null {
	if (width < 1 || height < 1 || width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE) return null;
	return { type, width, height };
}

/** PNG: the signature, then the IHDR chunk first (PNG spec 5.2, 11.2.2). */
function png(b: Uint8Array): ImageInfo | null {
	if (b.length < 33 || !PNG_SIGNATURE.every((v, i) => b[i] === v)) return null;
	const ihdr = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
	if (ihdr !== 'IHDR' || u32(b, 8) !== 13) return null;
	return sane('image/png', u32(b, 16), u32(b, 20));
}

/** Start-of-frame markers carrying the size: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** JPEG: SOI, then marker segments until a start-of-frame gives height and width (ITU T.81 B.2). */
function jpeg(b: Uint8Array): ImageInfo | null {
	if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
	let at = 2;
	while (at + 4 <= b.length) {
		if (b[at] !== 0xff) return null;
		const marker = b[at + 1]!;
		if (marker === 0xff) { at += 1; continue; } // fill byte
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; } // no length
		if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan before any frame
		const length = u16(b, at + 2);
		if (length < 2) return null;
		if (isStartOfFrame(marker)) {
			if (at + 9 > b.length) return null;
			return sane('image/jpeg', u16(b, at + 7), u16(b, at + 5));
		}
		at += 2 + length;
	}
	return null;
}

/** The type and pixel size of a PNG or JPEG file, or null for anything else (or a broken header). */
export function imageInfo(bytes: Uint8Array): ImageInfo | null {
	return png(bytes) ?? jpeg(bytes);
}

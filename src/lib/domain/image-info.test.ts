import { describe, expect, it } from 'vitest';
import { imageInfo, IMAGE_MAX_SIDE } from './image-info';
import { makePng } from '../../../tests/support/png';

/** JPEG headers as cameras and editors write them: APP0 (JFIF), APP1, DQT, then SOF. */
function makeJpegHeader(width: number, height: number, sof = 0xc0, extra: number[] = []): Uint8Array {
	const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
	return new Uint8Array([
		0xff, 0xd8,
		...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
		...extra,
		...seg(0xe1, Array.from({ length: 300 }, (_, i) => i & 0xff)),
		...seg(0xdb, Array.from({ length: 65 }, () => 1)),
		...seg(sof, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
		0xff, 0xd9
	]);
}

describe('imageInfo', () => {
	it('reads a PNG\'s type and size from its IHDR', () => {
		expect(imageInfo(makePng(300, 120))).toEqual({ type: 'image/png', width: 300, height: 120 });
		expect(imageInfo(makePng(1, 1))).toEqual({ type: 'image/png', width: 1, height: 1 });
	});

	it('reads a JPEG\'s size from its frame header after APP and DQT segments, baseline and progressive', () => {
		expect(imageInfo(makeJpegHeader(640, 200))).toEqual({ type: 'image/jpeg', width: 640, height: 200 });
		expect(imageInfo(makeJpegHeader(1024, 768, 0xc2))).toEqual({ type: 'image/jpeg', width: 1024, height: 768 });
		// fill bytes before a marker are allowed
		expect(imageInfo(makeJpegHeader(50, 40, 0xc0, [0xff]))).toEqual({ type: 'image/jpeg', width: 50, height: 40 });
	});

	it('does not take a Huffman table (C4) for a frame header', () => {
		const seg = [0xff, 0xc4, 0, 6, 0, 0, 9, 9];
		const b = makeJpegHeader(77, 33, 0xc0, seg);
		expect(imageInfo(b)).toEqual({ type: 'image/jpeg', width: 77, height: 33 });
	});

	it('refuses what is no PNG or JPEG, whatever its name says', () => {
		const enc = (s: string) => new TextEncoder().encode(s);
		expect(imageInfo(enc('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
		expect(imageInfo(enc('GIF89a\x01\x00\x01\x00'))).toBeNull();
		expect(imageInfo(enc('%PDF-1.7'))).toBeNull();
		expect(imageInfo(new Uint8Array())).toBeNull();
		expect(imageInfo(makePng(10, 10).slice(0, 20))).toBeNull();
		const brokenIhdr = makePng(10, 10);
		brokenIhdr[13] = 0x41;
		expect(imageInfo(brokenIhdr)).toBeNull();
		// a JPEG whose scan starts before any frame header, and one cut in the middle
		expect(imageInfo(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull();
		expect(imageInfo(makeJpegHeader(10, 10).slice(0, 30))).toBeNull();
	});

	it('refuses empty and oversized dimensions', () => {
		expect(imageInfo(makeJpegHeader(0, 10))).toBeNull();
		expect(imageInfo(makeJpegHeader(IMAGE_MAX_SIDE + 1, 10))).toBeNull();
		expect(imageInfo(makeJpegHeader(IMAGE_MAX_SIDE, 10))).toEqual({ type: 'image/jpeg', width: IMAGE_MAX_SIDE, height: 10 });
	});
});

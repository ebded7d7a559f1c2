// The part of subset-font's API that scripts/fonts-subset.ts uses (the package ships no types).
declare module 'subset-font' {
	interface SubsetOptions {
		targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype';
		preserveNameIds?: number[];
		noLayoutClosure?: boolean;
	}
	export default function subsetFont(font: Uint8Array, text: string, options?: SubsetOptions): Promise<Buffer>;
}

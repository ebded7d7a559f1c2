/**
 * LibreOffice and poppler for tests that open generated office files (issue 4): convert with
 * `soffice --headless --convert-to`, read PDFs with `pdftotext`/`pdfinfo`. On a developer machine
 * without them the tests skip with a loud message; in CI (CI=true) a missing tool fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const has = (cmd: string, arg = '--version') => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;

export const officeAvailable = has('soffice') && has('pdftotext', '-v') && has('pdfinfo', '-v');

if (!officeAvailable) {
	const message = 'LibreOffice (soffice) oder poppler-utils (pdftotext, pdfinfo) fehlen: Tests, die Office-Dateien öffnen, werden übersprungen. ' +
		'Installieren: apt-get install libreoffice-core libreoffice-calc libreoffice-impress libreoffice-writer poppler-utils';
	if (process.env.CI === 'true') throw new Error(`${message} (in CI ist das ein Fehler)`);
	console.warn(`\n!!! ${message}\n`);
}

/** Convert a file with LibreOffice; returns the path of the result. A fresh profile per call.
 * `inFilter` reads the input with given options, e.g. CSV:59,34,76,1 (separator ;, quote ", UTF-8, from line 1). */
export function sofficeConvert(file: string, to: string, outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-office-')), inFilter?: string): string {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-lo-profile-'));
	try {
		execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...(inFilter ? [`--infilter=${inFilter}`] : []), '--convert-to', to, '--outdir', outDir, file], { stdio: 'pipe', timeout: 180_000 });
	} finally {
		fs.rmSync(profile, { recursive: true, force: true });
	}
	const ext = to.split(':')[0]!;
	const out = path.join(outDir, `${path.basename(file, path.extname(file))}.${ext}`);
	if (!fs.existsSync(out)) throw new Error(`LibreOffice hat ${file} nicht nach ${to} umgewandelt`);
	return out;
}

/** The text of a PDF; `layout` keeps the physical layout (table rows on one line). */
export function pdfText(pdf: string, options: { layout?: boolean } = {}): string {
	return execFileSync('pdftotext', [...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf-8', timeout: 60_000 });
}

export function pdfPages(pdf: string): number {
	const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf-8', timeout: 60_000 });
	const m = /^Pages:\s+(\d+)/m.exec(info);
	if (!m) throw new Error(`pdfinfo ohne Seitenzahl: ${info}`);
	return Number(m[1]);
}

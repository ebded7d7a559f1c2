/**
 * `npm run directory:build [-- <extract.csv>]`: derive data/directory/gemeindeverzeichnis.tsv from
 * the Destatis municipality directory extract (CSV, default ../shared/reference/… relative to the
 * repository). One line per unit, sorted by ARS, with the source and licence in the header. The app
 * reads only the TSV; the extract is needed only to rebuild it.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseExtractCsv, tsvLine, TSV_COLUMNS } from '../src/lib/server/directory/parse';
import { DIRECTORY_SOURCE, DIRECTORY_LICENCE_URL } from '../src/lib/server/directory/source';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const input = resolve(process.argv[2] ?? resolve(repo, '../shared/reference/destatis-gemeindeverzeichnis-auszug.csv'));
const output = resolve(repo, 'data/directory/gemeindeverzeichnis.tsv');
const stand = process.argv.find((a) => a.startsWith('--stand='))?.slice('--stand='.length) ?? null;

const extract = parseExtractCsv(readFileSync(input, 'utf8'));
const units = [...extract.units].sort((a, b) => (a.ars < b.ars ? -1 : a.ars > b.ars ? 1 : 0));
const seen = new Set<string>();
for (const u of units) {
	if (seen.has(u.ars)) throw new Error(`ARS doppelt: ${u.ars}`);
	seen.add(u.ars);
}
const count = (level: number, tks?: string[]) => units.filter((u) => u.level === level && (!tks || tks.includes(u.tk ?? ''))).length;
const lines = [
	'# Amtliches Gemeindeverzeichnis (Auszug) – national directory of IKZ-Atlas. Format: docs/data-format.md',
	`# ${DIRECTORY_SOURCE}`,
	`# Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0, ${DIRECTORY_LICENCE_URL}`,
	'# Abgeleitet mit `npm run directory:build` aus dem Destatis-Auszug „Auszug GV“ (CSV): Datensätze verbandsfreier',
	'# Gemeinden auf Gemeindeverbandsebene (TK 50) und die Regionen Baden-Württembergs (Satzart 30) sind weggelassen.',
	stand ? `# Gebietsstand: ${stand}` : '# Gebietsstand: nicht angegeben (die Quelldatei trägt kein Datum; etwa 2019/2020)',
	`# Einheiten: ${count(10)} Länder, ${count(20)} Regierungsbezirke, ${count(40)} Kreise und kreisfreie Städte, ${count(50)} Gemeindeverbände, ${count(60)} Gemeinden`,
	TSV_COLUMNS.join('\t'),
	...units.map(tsvLine)
];
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, lines.join('\n') + '\n');
console.log(`${output}: ${units.length} Einheiten (${lines[6]!.slice(2)})`);

/**
 * The XLSX export (issue 4, item 2) on the shipped Kreis Unna data: the same rows as the page's
 * search, read back with our reader – texts as the CSV export has them, "seit"/"bis" as real dates
 * where the text is exactly one day, the source texts beside them – and imported again unchanged.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadedDatabase } from './helpers';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { cooperationSheet, CSV_HEADER, csvRecord, partnerText, XLSX_HEADER, xlsxDate, xlsxYear } from '../../src/lib/server/registry/present';
import { strFromU8, unzipSync } from 'fflate';
import { readSettings } from '../../src/lib/server/settings';
import { writeXlsx } from '../../src/lib/server/tables/xlsx-write';
import { readXlsx } from '../../src/lib/server/tables/xlsx-read';
import { readTable } from '../../src/lib/server/tables/read-table';
import { DEFAULT_TABLE_LIMITS } from '../../src/lib/server/tables/types';
import { analyseImport, EMPTY_OPTIONS } from '../../src/lib/server/import/analyse';

// The route reads the server's database handle; here it is the test database.
const server = vi.hoisted(() => ({ handle: null as null | Awaited<ReturnType<typeof import('./helpers').loadedDatabase>> }));
vi.mock('#lib/server/context.ts', async () => {
	const { readSettings: read } = await import('../../src/lib/server/settings');
	return { db: () => server.handle!.db, settings: () => read({}) };
});

const germanDay = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

async function exported(query: string, handle?: Awaited<ReturnType<typeof loadedDatabase>>) {
	const { db } = handle ?? (await loadedDatabase());
	const page = await searchPage(db, new URLSearchParams(query), readSettings({}), 'export');
	const file = writeXlsx([cooperationSheet(page.rows)]);
	return { db, page, file };
}

describe('XLSX export of a search result', () => {
	it('has the CSV columns plus the source texts of seit/bis, right after bis', () => {
		const bis = CSV_HEADER.indexOf('bis');
		expect(XLSX_HEADER).toEqual([...CSV_HEADER.slice(0, bis + 1), 'seit (Text)', 'bis (Text)', 'Beginn (Jahr)', ...CSV_HEADER.slice(bis + 1)]);
	});

	it('reads back with the same rows as the filtered search, dates as dates', async () => {
		const handle = await loadedDatabase();
		const total = (await searchPage(handle.db, new URLSearchParams(''), readSettings({}), 'export')).rows.length;
		for (const query of ['partner=kamen&sort=nr', 'thema=verkehr']) {
			const { page, file } = await exported(query, handle);
			expect(page.rows.length, query).toBeGreaterThan(0);
			expect(page.rows.length, query).toBeLessThan(total);

			const [sheet] = readXlsx(file, DEFAULT_TABLE_LIMITS);
			expect(sheet!.name).toBe('Kooperationen');
			const [header, ...body] = sheet!.rows;
			expect(header!.map((c) => c.text)).toEqual(XLSX_HEADER);
			expect(body).toHaveLength(page.rows.length);

			const col = (name: string) => XLSX_HEADER.indexOf(name);
			for (const [i, r] of page.rows.entries()) {
				const cells = body[i]!;
				const text = (name: string) => cells[col(name)]?.text ?? '';
				// Every CSV column has the CSV's text, except seit/bis which show the day as dd.mm.yyyy.
				const csv = csvRecord(r).map((v) => (v === null ? '' : String(v)));
				for (const [j, name] of CSV_HEADER.entries()) {
					if (name === 'seit' || name === 'bis') continue;
					expect(text(name), `${r.id} ${name}`).toBe(csv[j]);
				}
				expect(cells[col('Nr.')]!.number ?? null).toBe(r.number);
				expect(text('seit (Text)')).toBe(r.start ?? '');
				expect(text('bis (Text)')).toBe(r.end ?? '');
				for (const [name, source] of [['seit', r.start], ['bis', r.end]] as const) {
					const cell = cells[col(name)] ?? { text: '' };
					const want = xlsxDate(source);
					if (want !== null && typeof want === 'object') {
						expect(cell.date, `${r.id} ${name}`).toBe(want.date);
						expect(cell.text).toBe(germanDay(want.date));
						expect(cell.text).toBe(source); // exact days are written dd.mm.yyyy in the data
					} else {
						expect(cell.date, `${r.id} ${name}`).toBeUndefined();
						expect(cell.text).toBe(source ?? '');
					}
				}
			}
		}
	});

	it('writes exact days as date cells and everything else as the source text', async () => {
		expect(xlsxDate('03.12.1979')).toEqual({ date: '1979-12-03' });
		for (const text of ['1969', 'Okt. 2008', 'Schuljahr 1983/84', 'geplant 01.08.2016', '01.01.2014 (Bergkamen, Bönen, Schwerte) 01.01.2015 (restliche Kommunen)',
			'14.12.1979 (gegründet 19.08.1939)', '01.08.2016 bzw. 01.07.2017', '?']) {
			expect(xlsxDate(text), text).toBe(text);
		}
		expect(xlsxDate(null)).toBeNull();
		// The register has such days, and the whole export carries them as dates.
		const { page, file } = await exported('sort=nr');
		const dated = page.rows.filter((r) => typeof xlsxDate(r.start) === 'object' && xlsxDate(r.start) !== null);
		expect(dated.length).toBeGreaterThan(5);
		const body = readXlsx(file, DEFAULT_TABLE_LIMITS)[0]!.rows.slice(1);
		const seit = XLSX_HEADER.indexOf('seit');
		expect(body.filter((row) => row[seit]?.date).length).toBe(dated.length);
	});

	it('has the start year as a number beside the texts, row heights for wrapped cells, and a print setup (issue 16)', async () => {
		expect(xlsxYear('1969')).toBe(1969);
		expect(xlsxYear('Schuljahr 1983/84')).toBe(1983);
		expect(xlsxYear('2003 (Unna) 2004 (Bönen) 2005 (Fröndenberg)')).toBe(2003);
		expect(xlsxYear('2015 gepl.')).toBe(2015);
		expect(xlsxYear('?')).toBeNull();
		expect(xlsxYear(null)).toBeNull();
		const { page, file } = await exported('sort=nr');
		const body = readXlsx(file, DEFAULT_TABLE_LIMITS)[0]!.rows.slice(1);
		const year = XLSX_HEADER.indexOf('Beginn (Jahr)');
		const numbers = body.filter((row) => typeof row[year]?.number === 'number');
		// Every start that names a year sorts as a number: far more than the exact days.
		const withYear = page.rows.filter((r) => xlsxYear(r.start) !== null);
		expect(numbers.length).toBe(withYear.length);
		expect(numbers.length).toBeGreaterThan(page.rows.length * 0.8);
		body.forEach((row, i) => expect(row[year]?.number ?? null, page.rows[i]!.id).toBe(xlsxYear(page.rows[i]!.start)));
		const files = unzipSync(file);
		const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
		expect(sheet).toContain('<pageSetUpPr fitToPage="1"/>');
		expect(sheet).toMatch(/<pageSetup [^>]*orientation="landscape"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
		expect(strFromU8(files['xl/workbook.xml']!)).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">'Kooperationen'!$1:$1</definedName>`);
		// The longest partner list is a wrapped cell several lines high.
		const rowsXml = sheet.match(/<row r="\d+"[^>]*>/g)!;
		const longest = page.rows.reduce((a, r, i) => (partnerText(r).length > partnerText(page.rows[a]!).length ? i : a), 0);
		const ht = /ht="(\d+)"/.exec(rowsXml[longest + 1]!);
		expect(Number(ht?.[1] ?? 0)).toBeGreaterThanOrEqual(45);
	});

	it('imported again changes nothing (the whole register)', async () => {
		const { db, page, file } = await exported('sort=nr');
		const table = readTable(file, 'ikz-kooperationen.xlsx');
		const p = await analyseImport(db, 'kreis-unna', table, EMPTY_OPTIONS);
		const changed = p.rows.filter((r) => r.action !== 'unchanged')
			.map((r) => `${r.line} ${r.action} ${r.title}: ${r.findings.map((f) => f.text).join('; ')} ${r.changes.map((c) => `${c.label}: ${c.before} → ${c.after}`).join('; ')}`);
		expect(changed).toEqual([]);
		expect(p.rows).toHaveLength(page.rows.length);
	});
});

describe('GET /kooperationen.xlsx', () => {
	it('answers with the filtered result as an Excel file to download', async () => {
		server.handle = await loadedDatabase();
		const { GET } = await import('../../src/routes/kooperationen.xlsx/+server');
		const url = new URL('http://localhost/kooperationen.xlsx?thema=verkehr');
		const res = await GET({ url } as Parameters<typeof GET>[0]);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="ikz-kooperationen.xlsx"');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
		const { rows } = await searchPage(server.handle.db, url.searchParams, readSettings({}), 'export');
		const sheet = readTable(bytes, 'ikz-kooperationen.xlsx').sheets[0]!;
		expect(sheet.rows.slice(1).map((r) => r[XLSX_HEADER.indexOf('ID')]!.text)).toEqual(rows.map((r) => r.id));
	});
});

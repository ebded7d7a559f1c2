/**
 * The logo of a region's conference papers (issue 16, item 4): stored per region, checked by its
 * own bytes, replaced and removed with an audit entry; the PPTX carries it on both slide masters,
 * the PDF on its title page as a tagged figure. Runs on SQLite, PGlite and PostgreSQL (bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { emptyDatabase } from './helpers';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import type { Database } from '../../src/lib/server/db/schema';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import type { Actor } from '../../src/lib/server/auth/policy';
import { LOGO_MAX_BYTES, readLogo, removeLogo, saveLogo } from '../../src/lib/server/papers/logo';
import { logoSize, renderPptx } from '../../src/lib/server/papers/pptx';
import { renderPdf } from '../../src/lib/server/papers/pdf';
import type { PaperModel } from '../../src/lib/server/papers/model';
import { makePng } from '../support/png';

const COORDINATOR: Actor = { role: 'coordinator', userId: 'u-1', name: 'Gerda Steuer', email: 'steuerung@kreis-coesfeld.de', bodyId: 'kreis-coesfeld', regionId: 'kreis-coesfeld' };

let handle: DatabaseHandle;
let db: Kysely<Database>;

beforeAll(async () => {
	handle = await emptyDatabase();
	db = handle.db;
	await migrateToLatest(db);
}, 120_000);

afterAll(async () => {
	await handle?.close();
});

describe('the logo store', () => {
	it('stores a PNG with its size from the file, per region, and reads the same bytes back', async () => {
		const png = makePng(400, 160);
		const saved = await saveLogo(db, COORDINATOR, 'kreis-coesfeld', 'C:\\Users\\gs\\Logo Kreis.png', png);
		expect(saved.ok).toBe(true);
		const back = await readLogo(db, 'kreis-coesfeld');
		expect(back).toMatchObject({ type: 'image/png', width: 400, height: 160, uploadedBy: 'Gerda Steuer' });
		expect(back!.fileName).not.toMatch(/[\\/]/);
		expect(Buffer.from(back!.data).equals(Buffer.from(png))).toBe(true);
		expect(await readLogo(db, 'landkreis-goerlitz')).toBeNull();
	});

	it('replaces the logo of the region, keeping one', async () => {
		const saved = await saveLogo(db, COORDINATOR, 'kreis-coesfeld', 'neu.png', makePng(90, 90));
		expect(saved.ok).toBe(true);
		const rows = await db.selectFrom('paper_logo').select(['region_id', 'width']).where('region_id', '=', 'kreis-coesfeld').execute();
		expect(rows).toEqual([{ region_id: 'kreis-coesfeld', width: 90 }]);
	});

	it('refuses SVG, GIF, a renamed text file, an empty and an oversized file, and stores nothing', async () => {
		const enc = (s: string) => new TextEncoder().encode(s);
		for (const [name, bytes] of [
			['logo.svg', enc('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
			['logo.gif', enc('GIF89a\x01\x00\x01\x00\x80\x00\x00')],
			['logo.png', enc('kein Bild')],
			['leer.png', new Uint8Array()],
			['gross.png', new Uint8Array(LOGO_MAX_BYTES + 1)]
		] as const) {
			const r = await saveLogo(db, COORDINATOR, 'landkreis-goerlitz', name, bytes);
			expect(r.ok, name).toBe(false);
			if (!r.ok) expect(r.message).toMatch(/PNG|JPEG|KB/);
		}
		expect(await readLogo(db, 'landkreis-goerlitz')).toBeNull();
	});

	it('removes the logo and writes each change to the audit log', async () => {
		expect(await removeLogo(db, COORDINATOR, 'kreis-coesfeld')).toBe(true);
		expect(await readLogo(db, 'kreis-coesfeld')).toBeNull();
		expect(await removeLogo(db, COORDINATOR, 'kreis-coesfeld')).toBe(false);
		const log = await db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'like', 'papier.logo%').orderBy('id').execute();
		expect(log).toEqual([
			{ action: 'papier.logo', entity_id: 'kreis-coesfeld' },
			{ action: 'papier.logo', entity_id: 'kreis-coesfeld' },
			{ action: 'papier.logo.entfernt', entity_id: 'kreis-coesfeld' }
		]);
	});
});

describe('the logo on the slides', () => {
	it('keeps the aspect ratio inside 90 × 54 points, wide or tall', () => {
		expect(logoSize({ width: 400, height: 100 })).toEqual({ w: 90, h: 22.5 });
		expect(logoSize({ width: 100, height: 400 })).toEqual({ w: 13.5, h: 54 });
		expect(logoSize({ width: 5, height: 3 })).toEqual({ w: 90, h: 54 });
	});
});

/** The smallest paper model the renderers accept: a title slide and an empty agenda. */
function tinyModel(): PaperModel {
	return {
		title: 'Interkommunale Zusammenarbeit im Kreis Coesfeld', meetingLine: 'Bürgermeisterkonferenz, 12.03.2027, Coesfeld', scopeLine: '',
		date: '01.03.2027', day: '2027-03-01', office: 'Kreis Coesfeld – Steuerungsdienst', footer: 'Kreis Coesfeld – Interkommunale Zusammenarbeit',
		region: { id: 'kreis-coesfeld', name: 'Kreis Coesfeld' }, notes: [], rowCount: 0, emptyNote: 'Im gewählten Ausschnitt gibt es keine Kooperationen.', tooLarge: false,
		tables: [], measures: [], groups: [], ideas: [], figures: [], agenda: []
	} as unknown as PaperModel;
}

describe('renderers with the stored logo', () => {
	it('PDF: the title page carries the logo as an image in a tagged figure with alt text; without it, no image', async () => {
		const logo = { type: 'image/png' as const, data: makePng(200, 80), width: 200, height: 80 };
		const raw = Buffer.from(await renderPdf(tinyModel(), logo)).toString('latin1');
		expect(raw).toMatch(/\/Subtype \/Image/);
		expect(raw).toMatch(/\/S \/Figure/);
		expect(raw).toMatch(/\/Alt \(Logo\)/);
		const plain = Buffer.from(await renderPdf(tinyModel())).toString('latin1');
		expect(plain).not.toMatch(/\/Subtype \/Image/);
	});

	it('PPTX: the logo file is in the package', async () => {
		const logo = { type: 'image/png' as const, data: makePng(200, 80), width: 200, height: 80 };
		const files = unzipSync(await renderPptx(tinyModel(), logo));
		const media = Object.entries(files).filter(([n]) => /^ppt\/media\/.+\.png$/.test(n));
		expect(media.length).toBeGreaterThanOrEqual(1);
		expect(media.some(([, b]) => Buffer.from(b).equals(Buffer.from(logo.data)))).toBe(true);
	});
});

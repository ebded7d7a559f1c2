/**
 * `npm run import -- datei.xlsx [Optionen]`: the browser import (issue 4, item 1) from the command
 * line, for larger files. It applies the suggested column mapping (German or English headers),
 * prints the mapping and every row with a finding, and writes all or nothing. Nothing is written
 * with --dry-run, or while a row has an error (unless --skip-errors leaves such rows out).
 *
 *   --dry-run, --probelauf        only show what would happen
 *   --map, --spalte "Kopf=ziel"   column by header text or number (1-based) → target, e.g. "Träger=performer", "3=partners", "Farbe=ignore"
 *   --name "Text=id|neu|text"     an unknown name → a body id, a new body, or kept as text (partner group);
 *                                 "Text=wie:Anderer Name" → the body created for another name of this import
 *   --names FILE                  many such decisions, one "Text=Ziel" (or "Text<Tab>Ziel") per line; # comments
 *   --create-unknown KIND         every unknown name without a decision becomes a new body of this kind
 *                                 (zweckverband, aoer, unternehmen, verein, kammer, einrichtung, landesbetrieb, sonstige)
 *   --report json                 print the counts as JSON on stdout (the listing goes to stderr)
 *   --list, --liste ID            list for rows without one;  --topic, --thema ID   topic for rows without one
 *   --sheet, --blatt N            worksheet (1-based);        --header-row, --kopfzeile N   header row (1-based)
 *   --skip-errors, --fehlerhafte-auslassen   leave rows with errors out instead of stopping
 *   --region ID                   region (default: the only one)
 *   --als, --as E-MAIL            import as this registered user (role and region as when signed in; at least
 *                                 coordinator). Rows a region column puts into a region the user may not import
 *                                 into are marked in the listing as in the browser preview, and not written.
 *                                 Without it: an administrator, who may import into every region.
 * Exit code: 0 done (or dry run without errors), 1 not applied (errors), 2 file or options unusable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap } from '../src/lib/server/bootstrap';
import { readSettings } from '../src/lib/server/settings';
import { readUpload, tableLimits } from '../src/lib/server/import/jobs';
import { analyseImport, AS_TEXT, EMPTY_OPTIONS, NEW_BODY, NEW_BODY_KINDS, type ImportOptions, type ImportPreview } from '../src/lib/server/import/analyse';
import { applyPreview } from '../src/lib/server/import/apply';
import { withRegionPermission } from '../src/lib/server/import/permission';
import { headerKey, TARGETS, TARGET_LABEL, type Target } from '../src/lib/domain/import-columns';
import { foldGerman } from '../src/lib/domain/text-fold';
import { canAtAll, mayImportInto, type Actor } from '../src/lib/server/auth/policy';
import { activeUserActor } from '../src/lib/server/auth/actor-row';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		'dry-run': { type: 'boolean', default: false }, probelauf: { type: 'boolean', default: false },
		map: { type: 'string', multiple: true, default: [] }, spalte: { type: 'string', multiple: true, default: [] },
		name: { type: 'string', multiple: true, default: [] },
		list: { type: 'string' }, liste: { type: 'string' }, topic: { type: 'string' }, thema: { type: 'string' },
		sheet: { type: 'string' }, blatt: { type: 'string' }, 'header-row': { type: 'string' }, kopfzeile: { type: 'string' },
		'skip-errors': { type: 'boolean', default: false }, 'fehlerhafte-auslassen': { type: 'boolean', default: false },
		region: { type: 'string' }, als: { type: 'string' }, as: { type: 'string' },
		names: { type: 'string' }, 'create-unknown': { type: 'string' }, report: { type: 'string' }
	}
});

function fail(message: string, code = 2): never {
	console.error(message);
	process.exit(code);
}

const file = positionals[0];
if (!file) fail('Aufruf: npm run import -- datei.xlsx [--dry-run] [--map "Kopf=ziel"] [--name "Text=id|neu|text"] … (siehe README)');
if (!fs.existsSync(file)) fail(`Datei nicht gefunden: ${file}`);
const dryRun = values['dry-run'] || values.probelauf;
if (values.report !== undefined && values.report !== 'json') fail(`--report: nur "json" (ist: ${values.report}).`);
const jsonReport = values.report === 'json';
// With --report json the listing goes to stderr; stdout carries only the JSON.
const say = jsonReport ? (...a: unknown[]) => console.error(...a) : (...a: unknown[]) => console.log(...a);
const createUnknown = values['create-unknown'];
if (createUnknown !== undefined && !(NEW_BODY_KINDS as readonly string[]).includes(createUnknown)) fail(`--create-unknown: eine Art von ${NEW_BODY_KINDS.join(', ')} (ist: ${createUnknown}).`);
const nameLines: string[] = [...values.name];
if (values.names) {
	if (!fs.existsSync(values.names)) fail(`Namensdatei nicht gefunden: ${values.names}`);
	for (const line of fs.readFileSync(values.names, 'utf8').split(/\r?\n/)) {
		const t = line.trim();
		if (!t || t.startsWith('#')) continue;
		nameLines.push(t.includes('\t') ? t.replace(/\t+/, '=') : t);
	}
}
const skipErrors = values['skip-errors'] || values['fehlerhafte-auslassen'];
const positive = (v: string | undefined, what: string): number | null => {
	if (v === undefined) return null;
	if (!/^\d{1,6}$/.test(v) || Number(v) < 1) fail(`${what} muss eine Zahl ab 1 sein (ist: ${v}).`);
	return Number(v);
};

const settings = readSettings({ ...process.env });
const { handle } = await bootstrap(settings, () => {});
const db = handle.db;
try {
	const regions = await db.selectFrom('region').select(['id', 'name']).orderBy('id').execute();
	const regionId = values.region ?? (regions.length === 1 ? regions[0]!.id : undefined);
	if (!regionId || !regions.some((r) => r.id === regionId)) fail(`Bitte --region angeben: ${regions.map((r) => r.id).join(', ')}`);

	const bytes = new Uint8Array(fs.readFileSync(file));
	const read = readUpload(bytes, path.basename(file), tableLimits(settings));
	if (!read.ok) fail(`Die Datei kann nicht gelesen werden: ${read.message}`);

	const sheet = positive(values.sheet ?? values.blatt, '--sheet');
	const headerRow = positive(values['header-row'] ?? values.kopfzeile, '--header-row');
	const options: ImportOptions = {
		...EMPTY_OPTIONS,
		sheet: sheet ? sheet - 1 : 0,
		headerRow: headerRow ? headerRow - 1 : null,
		list: values.list ?? values.liste ?? null,
		topic: values.topic ?? values.thema ?? null,
		names: {},
		rows: {},
		createRemaining: createUnknown !== undefined,
		newKind: createUnknown ?? null
	};
	// Whose import: a registered user (--als) or an administrator. Rows that a region column puts
	// into a region the actor may not import into are marked in the listing, as the browser preview
	// marks them (permission.ts), because applying refuses them.
	const actor = await importingActor(values.als ?? values.as, regionId);
	const analyse = async (): Promise<ImportPreview> => withRegionPermission(await analyseImport(db, regionId, read.table, options), actor);
	if (options.sheet >= read.table.sheets.length) fail(`Die Datei hat ${read.table.sheets.length} Tabellenblatt/-blätter.`);

	// Column overrides on top of the suggestion.
	let preview = await analyse();
	const overrides = [...values.map, ...values.spalte];
	if (overrides.length) {
		const mapping = [...preview.mapping];
		for (const o of overrides) {
			const m = /^(.+?)=([a-z_]+)$/.exec(o);
			if (!m || !(TARGETS as readonly string[]).includes(m[2]!)) fail(`--map "${o}": erwartet "Kopf=ziel", ziel eines von: ${TARGETS.join(', ')}`);
			const at = /^\d+$/.test(m[1]!) ? Number(m[1]) - 1 : preview.headers.findIndex((h) => headerKey(h) === headerKey(m[1]!));
			if (at < 0 || at >= mapping.length) fail(`--map "${o}": Spalte „${m[1]}“ gibt es nicht. Spalten: ${preview.headers.map((h, i) => `${i + 1} ${h}`).join(', ')}`);
			mapping[at] = m[2] as Target;
		}
		options.mapping = mapping;
	}
	for (const n of nameLines) {
		const m = /^(.+)=([^=]+)$/.exec(n);
		if (!m) fail(`--name "${n}": erwartet "Text=id", "Text=neu", "Text=text" oder "Text=wie:Anderer Name".`);
		const target = m[2]!.trim();
		const like = /^wie:\s*(.+)$/.exec(target);
		options.names[foldGerman(m[1]!.trim())] = target === 'neu' || target === 'new' ? NEW_BODY : target === 'text' ? AS_TEXT
			: like ? `${NEW_BODY}:${foldGerman(like[1]!)}` : target;
	}
	preview = await analyse();
	if (skipErrors && preview.counts.error) {
		for (const r of preview.rows) if (r.action === 'error') options.rows[String(r.index)] = 'skip';
		preview = await analyse();
	}
	report(preview, file);
	const counts = (written: { created: number; changed: number; unchanged: number; skipped: number; bodies: number } | null) => ({
		file: path.basename(file), applied: written !== null,
		rows: preview.rows.length,
		created: written ? written.created : preview.counts.create,
		changed: written ? written.changed : preview.counts.update,
		unchanged: written ? written.unchanged : preview.counts.unchanged,
		skipped: written ? written.skipped : preview.counts.skip,
		errors: preview.counts.error,
		names: { resolved: preview.names.resolved, asked: preview.names.asked, created: written ? written.bodies : preview.names.created }
	});
	let written: Parameters<typeof counts>[0] = null;

	if (preview.blocking.length) {
		say(`\nNicht ausgeführt:\n${preview.blocking.map((b) => `  - ${b}`).join('\n')}`);
		// Nothing to do is not a failure; errors are.
		process.exitCode = preview.counts.error || preview.mappingProblems.length || !preview.rows.length ? 1 : 0;
	} else if (dryRun) {
		say('\nProbelauf: nichts geschrieben.');
	} else {
		const out = await applyPreview(db, actor, regionId, preview, { jobId: null, fileName: path.basename(file) });
		if (!out.ok) {
			say(`\nNicht ausgeführt, nichts geschrieben:\n${out.problems.map((p) => `  - ${p}`).join('\n')}`);
			process.exitCode = 1;
		} else {
			say(`\nImport ausgeführt: ${out.result.created.length} neu, ${out.result.updated.length} geändert, ${out.result.unchanged} unverändert, ${out.result.skipped} ausgelassen, ${out.result.bodies.length} Körperschaft(en) neu.`);
			written = { created: out.result.created.length, changed: out.result.updated.length, unchanged: out.result.unchanged, skipped: out.result.skipped, bodies: out.result.bodies.length };
		}
	}
	if (jsonReport) console.log(JSON.stringify(counts(written)));
} finally {
	await handle.close();
}

function report(p: ImportPreview, name: string): void {
	say(`${name}: ${p.format.toUpperCase()}, Blatt „${p.sheetNames[p.sheet]}“, Kopfzeile ${p.headerRow + 1}`);
	say('Spalten:');
	p.headers.forEach((h, i) => say(`  ${String(i + 1).padStart(2)} ${h || '(leer)'} → ${TARGET_LABEL[p.mapping[i]!]} [${p.mapping[i]}]`));
	for (const m of p.mappingProblems) say(`  ! ${m}`);
	if (p.unknownNames.length) {
		say('Unbekannte Namen (mit --name "Text=id|neu|text" zuordnen):');
		for (const u of p.unknownNames) {
			const s = u.suggestions.map((x) => `${x.id} (${x.name})`).join(', ') || 'keine Vorschläge';
			say(`  „${u.text}“ in Zeile ${u.lines.join(', ')}${u.decision ? ` → ${u.decision}` : ''}; Vorschläge: ${s}`);
		}
	}
	const ACTION: Record<string, string> = { create: 'neu', update: 'ändern', unchanged: 'unverändert', skip: 'auslassen', error: 'FEHLER' };
	say('Zeilen:');
	for (const r of p.rows) {
		if (r.action === 'unchanged' && !r.findings.length) continue;
		say(`  Zeile ${r.line}: ${ACTION[r.action]} – ${r.title}${r.existing ? ` (${r.duplicate ? 'ähnlich wie' : 'ist'} ${r.existing.id})` : ''}`);
		for (const f of r.findings) say(`      ${f.level === 'error' ? 'Fehler' : f.level === 'warning' ? 'Hinweis' : 'Info'}: ${f.text}`);
		for (const c of r.changes.slice(0, r.action === 'update' ? 20 : 0)) say(`      ${c.label}: ${c.before ?? '–'} → ${c.after ?? '–'}`);
	}
	say(`Zusammen: ${p.counts.create} neu, ${p.counts.update} ändern, ${p.counts.unchanged} unverändert, ${p.counts.skip} auslassen, ${p.counts.error} mit Fehlern.`);
}

/** The actor of the import: the user with this e-mail address (as when signed in), else an administrator. */
async function importingActor(email: string | undefined, regionId: string): Promise<Actor> {
	if (email === undefined) return { role: 'administrator', userId: null, name: `Kommandozeile (${process.env.USER ?? 'import'})`, email: null, bodyId: null, regionId };
	const user = await activeUserActor(db, email);
	if (!user) fail(`--als: kein aktives Konto mit der E-Mail-Adresse ${email}.`);
	const actor: Actor = { ...user, name: `${user.name} (Kommandozeile)` };
	if (!canAtAll(actor, 'import.run')) fail(`--als: ${actor.email} darf nicht importieren (Rolle ${actor.role}; nötig: Koordination).`);
	if (!mayImportInto(actor, regionId)) fail(`--als: ${actor.email} darf nicht in die Region ${regionId} importieren.`);
	return actor;
}

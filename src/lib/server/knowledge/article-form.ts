/**
 * The article editor's form (/wissen/neu, /wissen/[id]/bearbeiten) ↔ an article record. The form
 * is flat (works without JavaScript); the meta fields of the other kinds are ignored. Messages are
 * German and name the form field they belong to, for the error summary.
 */
import { ARTICLE_KINDS, isArticleKind } from '../../domain/knowledge';
import { BODY_MAX } from '../../domain/markdown';
import { SUMMARY_MAX, TITLE_MAX, type ArticleRecord, type RulingMeta, type SourceMeta } from './schema';

export interface ArticleFormValues {
	title: string;
	summary: string;
	kind: string;
	legal_forms: string[];
	body: string;
	file_number: string;
	ruling_date: string;
	court: string;
	link: string;
	keywords: string;
	url: string;
	publisher: string;
	cooperations: string;
	comment: string;
}

export interface FieldError {
	field: string;
	message: string;
}

export function emptyArticleForm(kind = 'guide'): ArticleFormValues {
	return {
		title: '', summary: '', kind, legal_forms: [], body: '', file_number: '', ruling_date: '', court: '', link: '',
		keywords: '', url: '', publisher: '', cooperations: '', comment: ''
	};
}

export function valuesOf(r: ArticleRecord): ArticleFormValues {
	const v = { ...emptyArticleForm(r.kind), title: r.title, summary: r.summary, legal_forms: [...r.legal_forms], body: r.body };
	if (r.kind === 'ruling') {
		const m = r.meta as RulingMeta;
		Object.assign(v, { file_number: m.file_number, ruling_date: m.date, court: m.court, link: m.link ?? '', keywords: m.keywords.join(', ') });
	} else if (r.kind === 'source') {
		const m = r.meta as SourceMeta;
		Object.assign(v, { url: m.url ?? '', publisher: m.publisher ?? '' });
	} else if (r.kind === 'example') {
		v.cooperations = (r.meta as { cooperations: string[] }).cooperations.join(', ');
	}
	return v;
}

/** "18.11.1999" or "1999-11-18" → "1999-11-18"; anything else is returned as given (the schema refuses it). */
function isoDate(raw: string): string {
	const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
	if (de) return `${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}`;
	return raw;
}

/** A day that exists in the calendar ("2020-02-31" does not). */
function isRealDay(iso: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const list = (raw: string) => raw.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);

/** The record the form describes (validated later by the schema), plus checks the schema cannot word well. */
export function formToRecord(id: string, v: ArticleFormValues): { record: unknown; errors: FieldError[] } {
	const errors: FieldError[] = [];
	if (!v.title) errors.push({ field: 'title', message: 'Bitte geben Sie dem Artikel einen Titel.' });
	else if (v.title.length > TITLE_MAX) errors.push({ field: 'title', message: `Bitte kürzen Sie den Titel auf höchstens ${TITLE_MAX} Zeichen.` });
	if (v.summary.length > SUMMARY_MAX) errors.push({ field: 'summary', message: `Bitte kürzen Sie die Zusammenfassung auf höchstens ${SUMMARY_MAX} Zeichen.` });
	if (!isArticleKind(v.kind)) errors.push({ field: 'kind', message: 'Bitte wählen Sie eine Art aus der Liste.' });
	if (v.body.length > BODY_MAX) errors.push({ field: 'body', message: `Der Text ist zu lang (höchstens ${BODY_MAX.toLocaleString('de-DE')} Zeichen).` });
	let meta: Record<string, unknown> = {};
	if (v.kind === 'ruling') {
		if (!v.file_number) errors.push({ field: 'file_number', message: 'Bitte geben Sie das Aktenzeichen an.' });
		const date = isoDate(v.ruling_date);
		if (!isRealDay(date)) errors.push({ field: 'ruling_date', message: 'Bitte geben Sie das Datum der Entscheidung an, z. B. 09.06.2009.' });
		if (!v.court) errors.push({ field: 'court', message: 'Bitte geben Sie das Gericht an.' });
		if (v.link && !/^https?:\/\/[^\s<>"]+$/.test(v.link)) errors.push({ field: 'link', message: 'Bitte geben Sie den Link als Adresse mit https:// an.' });
		const keywords = list(v.keywords);
		if (keywords.length > 30 || keywords.some((k) => k.length > 60)) errors.push({ field: 'keywords', message: 'Bitte höchstens 30 Schlagworte mit je höchstens 60 Zeichen.' });
		meta = { file_number: v.file_number, date, court: v.court, link: v.link || null, keywords };
	} else if (v.kind === 'source') {
		if (v.url && !/^https?:\/\/[^\s<>"]+$/.test(v.url)) errors.push({ field: 'url', message: 'Bitte geben Sie die Adresse mit https:// an.' });
		meta = { url: v.url || null, publisher: v.publisher || null };
	} else if (v.kind === 'example') {
		const ids = list(v.cooperations);
		if (!ids.length) errors.push({ field: 'cooperations', message: 'Bitte nennen Sie mindestens eine Kooperation des Registers (Kennung, z. B. kommunen-46).' });
		else if (ids.some((c) => !/^[a-z0-9][a-z0-9-]{0,80}$/.test(c))) errors.push({ field: 'cooperations', message: 'Bitte geben Sie die Kennungen der Kooperationen an, getrennt durch Kommas, z. B. kommunen-46, kommunen-47.' });
		meta = { cooperations: [...new Set(ids)] };
	}
	const record = { id, kind: v.kind, title: v.title, summary: v.summary, legal_forms: [...new Set(v.legal_forms)], meta, body: v.body };
	return { record, errors };
}

const FIELD_OF_PATH: Record<string, string> = {
	title: 'title', summary: 'summary', kind: 'kind', body: 'body', legal_forms: 'legal_forms', id: 'title',
	'meta.file_number': 'file_number', 'meta.date': 'ruling_date', 'meta.court': 'court', 'meta.link': 'link', 'meta.keywords': 'keywords',
	'meta.url': 'url', 'meta.publisher': 'publisher', 'meta.cooperations': 'cooperations'
};

/** Problems from saveArticle (schema paths) → form field errors. */
export function problemsToErrors(problems: { path: string; message: string }[]): FieldError[] {
	return problems.map((p) => {
		const key = Object.keys(FIELD_OF_PATH).find((k) => p.path === k || p.path.startsWith(`${k}.`));
		return { field: key ? FIELD_OF_PATH[key]! : 'title', message: p.message };
	});
}

export const KIND_OPTIONS = ARTICLE_KINDS;

/**
 * Reads the shipped knowledge: `data/knowledge/<id>.md` (YAML front matter between `---` lines,
 * then Markdown) and `data/funding/programmes.yaml`. Called by readDataSet, so both are validated
 * at start-up with the other data files and every problem is listed at once. A missing folder
 * means "no shipped articles" / "no programmes".
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { articleRecord, type ArticleRecord } from './schema';
import { fundingFile } from './programmes';
import type { FundingProgramme } from '../../domain/funding';

export interface ShippedArticle {
	/** Path relative to the data folder, e.g. knowledge/checkliste-oerv.md (the record's origin). */
	file: string;
	record: ArticleRecord;
}

export interface KnowledgeData {
	articles: ShippedArticle[];
	programmes: FundingProgramme[];
}

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Split a Markdown file into its front matter (parsed YAML) and body. */
export function splitFrontMatter(text: string): { front: unknown; body: string } | null {
	const m = FRONT.exec(text.replace(/^\uFEFF/, ''));
	if (!m) return null;
	return { front: parseYaml(m[1]!), body: text.replace(/^\uFEFF/, '').slice(m[0].length).replace(/^\s*\n/, '') };
}

export function readKnowledgeFolder(dataDir: string, problems: string[]): KnowledgeData {
	const articles: ShippedArticle[] = [];
	const dir = path.join(dataDir, 'knowledge');
	const seen = new Set<string>();
	if (fs.existsSync(dir)) {
		for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
			const file = path.join(dir, name);
			const rel = `knowledge/${name}`;
			let parts: ReturnType<typeof splitFrontMatter>;
			try {
				parts = splitFrontMatter(fs.readFileSync(file, 'utf8'));
			} catch (e) {
				problems.push(`${file}: ${(e as Error).message}`);
				continue;
			}
			if (!parts || typeof parts.front !== 'object' || parts.front === null) {
				problems.push(`${file}: Vorspann (--- id, kind, title … ---) fehlt`);
				continue;
			}
			const parsed = articleRecord.safeParse({ ...(parts.front as Record<string, unknown>), body: parts.body });
			if (!parsed.success) {
				for (const issue of parsed.error.issues.slice(0, 20)) problems.push(`${file}: ${issue.path.join('.')}: ${issue.message}`);
				continue;
			}
			if (`${parsed.data.id}.md` !== name) problems.push(`${file}: id ${parsed.data.id} passt nicht zum Dateinamen`);
			if (seen.has(parsed.data.id)) problems.push(`${file}: Artikel ${parsed.data.id} doppelt`);
			seen.add(parsed.data.id);
			articles.push({ file: rel, record: parsed.data });
		}
	}

	let programmes: FundingProgramme[] = [];
	const fundingPath = path.join(dataDir, 'funding', 'programmes.yaml');
	if (fs.existsSync(fundingPath)) {
		try {
			const parsed = fundingFile.safeParse(parseYaml(fs.readFileSync(fundingPath, 'utf8')));
			if (parsed.success) programmes = parsed.data;
			else for (const issue of parsed.error.issues.slice(0, 20)) problems.push(`${fundingPath}: ${issue.path.join('.')}: ${issue.message}`);
		} catch (e) {
			problems.push(`${fundingPath}: ${(e as Error).message}`);
		}
	}
	return { articles, programmes };
}

/** References of the articles: legal forms and the cooperations that practice examples name. */
export function checkKnowledgeRefs(k: KnowledgeData, legalFormIds: Set<string>, cooperationIds: Set<string>, problems: string[]): void {
	for (const { file, record } of k.articles) {
		for (const lf of record.legal_forms) if (!legalFormIds.has(lf)) problems.push(`${file}: Rechtsform ${lf} unbekannt`);
		if (record.kind === 'example') {
			for (const c of (record.meta as { cooperations: string[] }).cooperations) {
				if (!cooperationIds.has(c)) problems.push(`${file}: Kooperation ${c} unbekannt`);
			}
		}
	}
}

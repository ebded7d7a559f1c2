import Markdown from './Markdown.svelte';
import { examplesOf } from '../examples.ts';
import { renderMarkdown } from '#lib/domain/markdown.ts';

/** Markdown as the server renders it (renderMarkdown only): headings, a checklist, links and escaped HTML; as a labelled region; empty. */
export const examples = examplesOf('Markdown', Markdown, [
	{
		name: 'article with checklist and links',
		props: {
			html: renderMarkdown(
				'## Vorbereitung\n\nVor dem Beschluss im Kreistag des Erzgebirgskreises:\n\n- [ ] Kostenschlüssel abstimmen {#kosten}\n- [x] Rechtsaufsicht informieren\n\n' +
					'Siehe [SächsKomZG](https://www.revosax.sachsen.de/) und [Kooperation kommunen-12](/kooperationen/kommunen-12).\n\n<script>alert(1)</script>\n\n```\nZweckvereinbarung § 3\n```'
			)
		}
	},
	{ name: 'labelled region, long paragraph', props: { label: 'Leitsatz', html: renderMarkdown(`Die Übertragung einer Aufgabe auf den Markt Oberstdorf ${'setzt eine öffentlich-rechtliche Vereinbarung voraus, '.repeat(8)}die bekannt zu machen ist.`) } },
	{ name: 'empty', props: { html: renderMarkdown('') } }
]);

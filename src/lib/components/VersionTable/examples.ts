import VersionTable from './VersionTable.svelte';
import { examplesOf } from '../examples.ts';

/** VersionTable for members (with who) and for visitors (without), with a long note and none. */
export const examples = examplesOf('VersionTable', VersionTable, [
	{
		name: 'members see who saved',
		props: {
			caption: 'Gespeicherte Fassungen des Beitrags', showWho: true,
			versions: [
				{ version: 3, at: '2026-11-30T16:05:00Z', actor: 'Dana Ölschläger <d.oelschlaeger@lk-vorpommern-greifswald.de>', action: 'bearbeitet', comment: 'Fristen nach § 24 Abs. 3 GkG ergänzt; Anlage „Kostenschlüssel 2027“ ersetzt.' },
				{ version: 2, at: '2026-10-02T08:00:00Z', actor: null, action: 'bearbeitet', comment: null },
				{ version: 1, at: '2026-09-14T11:30:00Z', actor: 'Besucher', action: 'angelegt', comment: '' }
			]
		}
	},
	{
		name: 'visitors do not see who',
		props: { caption: 'Fassungen der Maßnahme', showWho: false, versions: [{ version: 1, at: '2025-01-01T00:00:00Z', action: 'angelegt', comment: 'Übernommen aus dem Kreisausschuss <Vorlage 12/2025>' }] }
	}
]);

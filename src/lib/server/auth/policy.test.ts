/**
 * The region rule of the policy module (issue 13, part 3; decision 0008), without a database:
 * which region an actor works in, and that a coordinator or editor of one region changes nothing
 * of another while bodies that belong to several regions stay editable from each.
 */
import { describe, expect, it } from 'vitest';
import { can, canAtAll, recordingRegion, VISITOR, workRegion, type Actor } from './policy';

const REGIONS = ['kreis-unna', 'kreis-coesfeld', 'landkreis-goerlitz'];
const actor = (role: Actor['role'], regionId: string | null, bodyId: string | null = null): Actor =>
	({ role, userId: 'u', name: 'N', email: 'n@example.org', bodyId, regionId });

describe('workRegion', () => {
	it('takes the requested region if it exists, else the actor\'s, else the first', () => {
		expect(workRegion(VISITOR, REGIONS, 'landkreis-goerlitz')).toBe('landkreis-goerlitz');
		expect(workRegion(VISITOR, REGIONS, 'gibt-es-nicht')).toBe('kreis-unna');
		expect(workRegion(VISITOR, REGIONS)).toBe('kreis-unna');
		expect(workRegion(actor('coordinator', 'kreis-coesfeld'), REGIONS)).toBe('kreis-coesfeld');
		expect(workRegion(actor('coordinator', 'kreis-coesfeld'), REGIONS, 'landkreis-goerlitz')).toBe('landkreis-goerlitz');
		// A body only the directory holds: no region of that name, so the first one.
		expect(workRegion(actor('editor', 'verzeichnis'), REGIONS)).toBe('kreis-unna');
		expect(workRegion(VISITOR, [])).toBeNull();
	});
	it('new records go to the actor\'s own region, whatever is asked', () => {
		expect(recordingRegion(actor('coordinator', 'landkreis-goerlitz'), REGIONS)).toBe('landkreis-goerlitz');
		expect(recordingRegion(actor('administrator', null), REGIONS)).toBe('kreis-unna');
	});
});

describe('the region rule', () => {
	const coesfeld = actor('coordinator', 'kreis-coesfeld', 'kreis-coesfeld');
	const goerlitz = actor('coordinator', 'landkreis-goerlitz', 'landkreis-goerlitz-14626');
	const duelmenEditor = actor('editor', 'kreis-coesfeld', 'duelmen-05558016');

	it('a coordinator acts in the own region only', () => {
		for (const action of ['cooperation.edit', 'cooperation.save', 'cooperation.archive', 'steering.edit', 'users.manage', 'survey.manage'] as const) {
			expect(can(coesfeld, action, { regionId: 'kreis-coesfeld', bodyIds: [] }), action).toBe(true);
			expect(can(coesfeld, action, { regionId: 'landkreis-goerlitz', bodyIds: [] }), action).toBe(false);
			expect(can(goerlitz, action, { regionId: 'kreis-coesfeld', bodyIds: [] }), action).toBe(false);
		}
	});
	it('a body of several regions is the business of each of them, of no other', () => {
		const duelmen = { bodyId: 'duelmen-05558016', regionIds: ['verzeichnis', 'kreis-coesfeld', 'nordrhein-westfalen'] };
		expect(can(coesfeld, 'body.edit', duelmen)).toBe(true);
		expect(can(goerlitz, 'body.edit', duelmen)).toBe(false);
		expect(can(actor('coordinator', 'nordrhein-westfalen'), 'body.edit', duelmen)).toBe(true);
		expect(can(duelmenEditor, 'body.edit', duelmen)).toBe(true);
		expect(can(duelmenEditor, 'body.edit', { bodyId: 'nottuln-05558032', regionIds: ['verzeichnis', 'kreis-coesfeld'] })).toBe(false);
	});
	it('an editor edits only what the own body takes part in, also when another region records it', () => {
		expect(can(duelmenEditor, 'cooperation.edit', { regionId: 'kreis-coesfeld', bodyIds: ['duelmen-05558016', 'nottuln-05558032'] })).toBe(true);
		expect(can(duelmenEditor, 'cooperation.edit', { regionId: 'kreis-coesfeld', bodyIds: ['nottuln-05558032'] })).toBe(false);
		expect(can(duelmenEditor, 'cooperation.edit', { regionId: 'landkreis-goerlitz', bodyIds: ['duelmen-05558016', 'goerlitz-14626110'] })).toBe(true);
		expect(can(duelmenEditor, 'cooperation.edit', { regionId: 'landkreis-goerlitz', bodyIds: ['goerlitz-14626110'] })).toBe(false);
		// Beyond the own body: the own region only.
		expect(can(duelmenEditor, 'idea.create', { regionId: 'kreis-coesfeld' })).toBe(true);
		expect(can(duelmenEditor, 'idea.create', { regionId: 'landkreis-goerlitz' })).toBe(false);
	});
	it('only administrators create regions; they act everywhere', () => {
		expect(canAtAll(coesfeld, 'regions.manage')).toBe(false);
		expect(canAtAll(actor('administrator', null), 'regions.manage')).toBe(true);
		expect(can(actor('administrator', 'kreis-unna'), 'cooperation.archive', { regionId: 'landkreis-goerlitz' })).toBe(true);
	});
});

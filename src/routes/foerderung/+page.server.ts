import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { readFundingProgrammes } from '#lib/server/knowledge/programmes.ts';
import { prefillFromCooperation, prefillFromIdea, type FundingPrefill } from '#lib/server/knowledge/funding-prefill.ts';
import { formValues, parseFundingForm } from '#lib/server/knowledge/funding-form.ts';
import { checkFunding, programmeValidOn } from '#lib/domain/funding.ts';
import { berlinDay } from '#lib/server/steering/measures.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,100}$/;

export const load: PageServerLoad = async ({ url }) => {
	const today = berlinDay();
	const programmes = readFundingProgrammes(settings().DATA_DIR);
	const p = url.searchParams;

	// What the check is about: a cooperation or an idea from the register (optional).
	let about: FundingPrefill | null = null;
	let aboutMissing = false;
	const coop = (p.get('kooperation') ?? '').trim();
	const idea = (p.get('idee') ?? '').trim();
	if (coop) {
		about = ID.test(coop) ? await prefillFromCooperation(db(), coop) : null;
		aboutMissing = !about;
	} else if (idea) {
		about = ID.test(idea) ? await prefillFromIdea(db(), idea) : null;
		aboutMissing = !about;
	}

	// The form was sent when it names a programme; before that, the register's numbers fill it.
	const submitted = p.has('programm');
	const values = formValues(p);
	if (!submitted && about?.partners) values.partner = String(about.partners);
	// Savings from the recorded effect figures of the cooperation (issue 19), until the person changes them.
	if (!submitted && about?.savingsPercent != null) values.einsparung = about.savingsPercent.toLocaleString('de-DE');
	const current = programmes.find((x) => x.id === values.programm) ?? programmes.find((x) => programmeValidOn(x, today)) ?? programmes[0] ?? null;
	if (current) values.programm = current.id;

	const { input, errors } = parseFundingForm(values);
	if (submitted && p.get('programm') && !programmes.some((x) => x.id === p.get('programm'))) {
		errors.unshift({ field: 'programm', message: 'Bitte wählen Sie ein Förderprogramm aus der Liste.' });
	}
	const result = current && !errors.length && (submitted || about) ? checkFunding(current, input, today) : null;
	return {
		programmes: programmes.map((x) => ({
			id: x.id, label: `${x.name} – ${x.land}${programmeValidOn(x, today) ? '' : ' (derzeit nicht gültig)'}${x.base_amount === null ? ' (Zahlen nicht hinterlegt)' : ''}`
		})),
		programme: current,
		values,
		errors,
		result,
		about: about ? { label: about.label, href: about.href, partnersNote: about.partnersNote, savingsNote: about.savingsNote ?? null } : null,
		aboutQuery: coop ? { name: 'kooperation', value: coop } : idea ? { name: 'idee', value: idea } : null,
		aboutMissing,
		today
	};
};

/**
 * The forms of /verwaltung/oparl: checking an OParl address, connecting a body to the system found,
 * the region's harvest schedule and starting a harvest.
 */
import { z } from 'zod';
import { text } from './form-data';

/** What the check and the connect forms show again. */
export const oparlAddressValues = z.object({ koerperschaft: text().catch(''), adresse: text().catch('') });

/** Checking an address: both fields are needed. */
export const oparlCheckForm = z.object({
	koerperschaft: text().pipe(z.string().min(1, 'Bitte wählen Sie die Körperschaft.')),
	adresse: text().pipe(z.string().trim().min(1, 'Bitte geben Sie die Adresse des OParl-Systems an.').max(2000))
});

/** Connecting: the address, the region's body and the body chosen in the OParl system. */
export const oparlConnectForm = oparlAddressValues.extend({ oparl_koerperschaft: text().catch('') });

/** The schedule: hours between harvests, 0 to 720; empty → the default (null). */
export const oparlScheduleForm = z.object({
	stunden: text().catch('x').transform((s) => s.trim()).pipe(z.string().regex(/^(\d{1,3})?$/, 'Bitte geben Sie eine ganze Zahl von 0 bis 720 an, oder lassen Sie das Feld leer.')
		.transform((s) => (s === '' ? null : Number(s)))
		.pipe(z.number().max(720, 'Bitte geben Sie eine ganze Zahl von 0 bis 720 an, oder lassen Sie das Feld leer.').nullable()))
});

/** Starting a harvest of one connected source. */
export const oparlHarvestForm = z.object({ quelle: text().catch('') });

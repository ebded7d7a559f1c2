/**
 * Passwords: argon2id hashes (node:crypto, parameters after the OWASP Password Storage Cheat
 * Sheet: 19 MiB, 2 passes, 1 lane) in PHC string format, and the password rules of OWASP ASVS 5.0
 * V6.2: a minimum length, long passphrases allowed, no composition rules, and a refusal of common
 * and context-specific passwords.
 */
import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { foldGerman } from '../../domain/text-fold';

const PARAMS = { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 };
export const PASSWORD_MAX_LENGTH = 128;

function derive(password: string, salt: Buffer, p = PARAMS): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		argon2('argon2id', { message: Buffer.from(password.normalize('NFC'), 'utf8'), nonce: salt, ...p }, (err, key) =>
			err ? reject(err) : resolve(key)
		)
	);
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt);
	return `$argon2id$v=19$m=${PARAMS.memory},t=${PARAMS.passes},p=${PARAMS.parallelism}$${b64(salt)}$${b64(key)}`;
}

/** Constant-time check of a password against a stored PHC string; false for anything malformed. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
	const m = stored?.match(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/);
	if (!m || !m[4] || !m[5]) {
		// Spend the same time as a real check, so a missing account is not told apart by timing.
		await derive(password, Buffer.alloc(16));
		return false;
	}
	const expected = Buffer.from(m[5], 'base64');
	const key = await derive(password, Buffer.from(m[4], 'base64'), {
		memory: Number(m[1]), passes: Number(m[2]), parallelism: Number(m[3]), tagLength: expected.length
	});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

let common: Set<string> | null = null;
/** About 49,000 of the most common passwords (@zxcvbn-ts/language-common, MIT), folded. */
function commonPasswords(): Set<string> {
	if (!common) {
		const require = createRequire(import.meta.url);
		const list = require('@zxcvbn-ts/language-common/src/passwords.json') as string[];
		common = new Set(list.map((p) => p.toLowerCase()));
		for (const p of GERMAN_COMMON) common.add(p);
	}
	return common;
}

// German favourites the English-centred list lacks, and this app's own words (ASVS V6.2.11).
const GERMAN_COMMON = [
	'passwort', 'passwort1', 'passwort123', 'hallo123', 'hallo1234', 'schalke04', 'borussia',
	'fussball', 'qwertz', 'qwertzu', 'qwertz123', 'sommer', 'sommer2026', 'winter2026', 'herbst2026', 'fruehling2026', 'kennwort', 'geheim123',
	'ikz-atlas', 'ikzatlas', 'kreisunna', 'kreis-unna', 'interkommunal'
];

/**
 * "passwortpasswort", "Hallo Hallo Hallo 1", "abcabcabcabc": the letters and digits (without a
 * trailing number) are one unit repeated, and that unit is a common password or at most four
 * characters long (issue 18).
 */
function repeatedWeakUnit(folded: string): boolean {
	const alnum = folded.replace(/[^a-z0-9]/g, '');
	return [alnum, alnum.replace(/\d+$/, '')].some((core) => {
		for (let p = 1; p <= core.length / 2; p++) {
			if (core.length % p !== 0) continue;
			const unit = core.slice(0, p);
			if (unit.repeat(core.length / p) !== core) continue;
			return p <= 4 || commonPasswords().has(unit);
		}
		return false;
	});
}

export interface PasswordContext {
	minLength: number;
	/** Words a password must not be made of: the user's name and e-mail parts, the region. */
	personalWords?: string[];
}

/** German problems with a new password; an empty list means it is acceptable. */
export function passwordProblems(password: string, ctx: PasswordContext): string[] {
	const problems: string[] = [];
	const length = [...password].length;
	if (length < ctx.minLength) problems.push(`Das Passwort muss mindestens ${ctx.minLength} Zeichen lang sein.`);
	if (length > PASSWORD_MAX_LENGTH) problems.push(`Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen lang sein.`);
	const lower = password.toLowerCase();
	const folded = foldGerman(password).replace(/\s+/g, '');
	const stripped = lower.replace(/[^a-z0-9äöüß]+$/u, '').replace(/\d+$/, '');
	if (commonPasswords().has(lower) || commonPasswords().has(folded) || (stripped.length >= 4 && commonPasswords().has(stripped))) {
		problems.push('Dieses Passwort ist zu verbreitet und steht auf Listen, die bei Angriffen zuerst probiert werden.');
	}
	for (const w of ctx.personalWords ?? []) {
		const fw = foldGerman(w).replace(/\s+/g, '');
		if (fw.length >= 4 && folded.includes(fw) && folded.length - fw.length < 8) {
			problems.push('Das Passwort darf nicht im Wesentlichen aus Ihrem Namen, Ihrer E-Mail-Adresse oder dem Namen der Anwendung bestehen.');
			break;
		}
	}
	if (length >= ctx.minLength && new Set(password).size <= 2) problems.push('Das Passwort besteht nur aus Wiederholungen eines Zeichens.');
	else if (repeatedWeakUnit(folded)) problems.push('Das Passwort wiederholt nur ein verbreitetes Wort oder eine kurze Zeichenfolge; eine Wiederholung ist nicht stärker als das Wort selbst.');
	return problems;
}

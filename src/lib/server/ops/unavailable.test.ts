import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, reason } from './unavailable';
import { withStartRetry } from '../context';

const err = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

describe('isDatabaseUnavailable', () => {
	it('knows the errors of a database that is away', () => {
		expect(isDatabaseUnavailable(err('connect ECONNREFUSED 10.1.2.3:5432', { code: 'ECONNREFUSED' }))).toBe(true);
		expect(isDatabaseUnavailable(err('terminating connection due to administrator command', { code: '57P01' }))).toBe(true);
		expect(isDatabaseUnavailable(err('the database system is starting up', { code: '57P03' }))).toBe(true);
		expect(isDatabaseUnavailable(err('Connection terminated unexpectedly'))).toBe(true);
		expect(isDatabaseUnavailable(err('timeout exceeded when trying to connect'))).toBe(true);
		expect(isDatabaseUnavailable(err('SSL connection has been closed unexpectedly', { code: '08006' }))).toBe(true);
		// Node wraps several refused addresses (IPv4 and IPv6) in an AggregateError; Kysely may wrap in `cause`.
		expect(isDatabaseUnavailable(new AggregateError([err('x', { code: 'ECONNREFUSED' })], ''))).toBe(true);
		expect(isDatabaseUnavailable(err('wrapped', { cause: err('read ECONNRESET', { code: 'ECONNRESET' }) }))).toBe(true);
	});
	it('leaves errors of the app alone', () => {
		expect(isDatabaseUnavailable(err('duplicate key value violates unique constraint', { code: '23505' }))).toBe(false);
		expect(isDatabaseUnavailable(err('relation "kooperation" does not exist', { code: '42P01' }))).toBe(false);
		expect(isDatabaseUnavailable(err('database "ikz" does not exist', { code: '3D000' }))).toBe(false);
		expect(isDatabaseUnavailable(err('SQLITE_CONSTRAINT: NOT NULL', { code: 'SQLITE_CONSTRAINT_NOTNULL' }))).toBe(false);
		expect(isDatabaseUnavailable(null)).toBe(false);
		expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
	});
	it('gives a one-line reason', () => {
		expect(reason(err('connect ECONNREFUSED 127.0.0.1:5432\n    at …', { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432');
	});
});

describe('withStartRetry', () => {
	it('retries while the database is away, doubling the wait up to the limit, then returns', async () => {
		const waits: number[] = [];
		let calls = 0;
		const result = await withStartRetry(async () => {
			calls++;
			if (calls < 6) throw err('connect ECONNREFUSED', { code: 'ECONNREFUSED' });
			return 'bereit';
		}, { firstDelayMs: 500, maxDelayMs: 4000, sleep: async (ms) => void waits.push(ms) });
		expect(result).toBe('bereit');
		expect(waits).toEqual([500, 1000, 2000, 4000, 4000]);
	});
	it('does not retry other start errors', async () => {
		let calls = 0;
		await expect(withStartRetry(async () => {
			calls++;
			throw err('Migration fehlgeschlagen', { code: '42601' });
		}, { sleep: async () => {} })).rejects.toThrow('Migration fehlgeschlagen');
		expect(calls).toBe(1);
	});
});

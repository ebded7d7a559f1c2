/** Random tokens for cookies and one-time links; only their SHA-256 is ever stored. */
import { createHash, randomBytes } from 'node:crypto';

export const newToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newId = (): string => randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').toLowerCase();

/** The kinds of e-mail the app sends (issue 19, part 3) and which of them a person may turn off. */

export const MAIL_KINDS = ['invitation', 'password-reset', 'survey-opened', 'survey-reminder', 'proposal-decided', 'deadline'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Kinds a person chooses on /konto. Invitations and password links are what was asked for: always sent. */
export const OPTIONAL_KINDS: readonly MailKind[] = ['survey-opened', 'survey-reminder', 'proposal-decided', 'deadline'];

/** Kinds whose text carries a one-time link: the text is erased from the queue once sent. */
export const SECRET_KINDS: readonly MailKind[] = ['invitation', 'password-reset'];

export const isOptionalKind = (k: string): k is MailKind => (OPTIONAL_KINDS as readonly string[]).includes(k);

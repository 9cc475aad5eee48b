// Platform operators on an installation without the demo seed: the person who installed
// Rundbrief names them from the shell (`npm run operator -- add <email>`), never with SQL.
// The shell is the trust anchor here: whoever can run commands on the host already owns
// the database, so the command needs no sign-in; it is audited like a console change.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { randomToken, sha256 } from '../crypto.ts';
import { DomainError } from '../errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { appUrl } from '../accounts/mail.ts';
import { hashPassword } from '../accounts/password.ts';
import { zodText } from '../texts.ts';
import { assertPlatformOperator, type OperatorActor } from './operator.ts';

/**
 * The shell as the one who acts (`npm run operator`), in the audit log and as the reader of
 * the operator list: it needs no sign-in (see above), but says who it is, like 'system' for
 * the platform's own work on a tenant (systemCtx). Any other reader is an operator, checked.
 */
export const SHELL = 'shell';

const emailSchema = z.string().trim().toLowerCase().pipe(z.email(zodText('accounts.enterValidEmail', 'Enter a valid e-mail address')));

/** How long the set-password link of a new operator works. */
export const OPERATOR_LINK_TTL_MS = 24 * 3600_000;

export type GrantResult =
  | { kind: 'promoted'; email: string }
  | { kind: 'already'; email: string }
  | { kind: 'created'; email: string; setPasswordUrl: string; expiresAt: Date };

const parseEmail = (raw: string) => {
  const r = emailSchema.safeParse(raw);
  if (!r.success) throw new DomainError('VALIDATION', `"${raw}" is not a valid e-mail address.`);
  return r.data;
};

/**
 * Makes `email` a platform operator. An existing user is promoted; otherwise an account
 * without a usable password is created and a one-time set-password link (24 h) returned,
 * to be handed to the person (it is printed once, never stored in clear).
 */
export async function grantOperator(rawEmail: string, by = SHELL): Promise<GrantResult> {
  const email = parseEmail(rawEmail);
  const db = getDb();
  const existing = await db.user.findUnique({ where: { email } });
  if (existing?.isPlatformOperator) return { kind: 'already', email };
  if (existing) {
    await db.user.update({ where: { id: existing.id }, data: { isPlatformOperator: true } });
    await recordAudit(null, { userId: existing.id, actor: by, action: 'operator.granted', target: email });
    return { kind: 'promoted', email };
  }
  const token = randomToken();
  const expiresAt = new Date(Date.now() + OPERATOR_LINK_TTL_MS);
  const user = await db.user.create({
    data: {
      email,
      // A hash of a random secret nobody knows: the account signs in only after the link is used.
      passwordHash: await hashPassword(randomToken()),
      isPlatformOperator: true,
      resetTokens: { create: { tokenHash: sha256(token), expiresAt } },
    },
  });
  await recordAudit(null, { userId: user.id, actor: by, action: 'operator.created', target: email });
  return { kind: 'created', email, setPasswordUrl: appUrl(`/reset-password/${token}`), expiresAt };
}

/** Takes the operator role away (the account stays). The last operator cannot be removed. */
export async function revokeOperator(rawEmail: string, by = SHELL): Promise<void> {
  const email = parseEmail(rawEmail);
  const db = getDb();
  const user = await db.user.findUnique({ where: { email } });
  if (!user?.isPlatformOperator) throw new DomainError('NOT_FOUND', `${email} is not a platform operator.`);
  const others = await db.user.count({ where: { isPlatformOperator: true, id: { not: user.id } } });
  if (others === 0) throw new DomainError('CONFLICT', `${email} is the last platform operator; add another one first.`);
  await db.user.update({ where: { id: user.id }, data: { isPlatformOperator: false, sessionVersion: { increment: 1 } } });
  await recordAudit(null, { userId: user.id, actor: by, action: 'operator.revoked', target: email });
}

/** The platform operators; `reader` is the shell (SHELL) or a platform operator (checked). */
export async function listOperators(reader: OperatorActor | typeof SHELL): Promise<{ email: string; createdAt: Date }[]> {
  if (reader !== SHELL) await assertPlatformOperator(reader);
  return getDb().user.findMany({ where: { isPlatformOperator: true }, select: { email: true, createdAt: true }, orderBy: { createdAt: 'asc' } });
}

// Sign-up: a new tenant, its first user and the OWNER membership, in one transaction.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { hashPassword } from './password.ts';
import { checkPasswordPolicy, DEFAULT_POLICY, policyError } from './password-policy.ts';
import { recordAudit } from './audit.ts';
import { coreText, zodText } from '../texts.ts';

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, zodText('accounts.slugMin', 'Use at least 3 characters'))
  .max(40, zodText('accounts.slugMax', 'Use at most 40 characters'))
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, zodText('accounts.slugFormat', 'Use lower-case letters, digits and dashes (not at the start or end)'));

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email(zodText('accounts.enterValidEmail', 'Enter a valid e-mail address')));

export const signUpSchema = z.object({
  tenantName: z.string().trim().min(2, zodText('accounts.orgName', 'Enter your organisation name')).max(100),
  slug: slugSchema,
  name: z.string().trim().max(100).optional(),
  email: emailSchema,
  password: z.string().min(1, zodText('accounts.choosePassword', 'Choose a password')).max(1024),
});

export async function signUp(raw: z.input<typeof signUpSchema> & { ip?: string | null }) {
  const input = signUpSchema.parse(raw);
  const db = getDb();
  // A brand-new tenant has the default policy.
  const violations = await checkPasswordPolicy(DEFAULT_POLICY, input.password);
  if (violations.length) throw policyError(violations);
  if (await db.tenant.findUnique({ where: { slug: input.slug } })) {
    throw new DomainError('CONFLICT', 'This account name is taken. Choose another one.', { fieldErrors: { slug: ['This account name is taken.'] }, fieldTexts: { slug: [coreText('accounts.slugTaken')] } }).withText('accounts.slugTakenLong');
  }
  if (await db.user.findUnique({ where: { email: input.email } })) {
    // Existing users join further tenants by invitation; sign-up never touches their password.
    throw new DomainError('CONFLICT', 'There is already an account for this e-mail address. Sign in instead.', { fieldErrors: { email: ['Already registered: sign in instead.'] }, fieldTexts: { email: [coreText('accounts.emailRegistered')] } }).withText('accounts.emailRegisteredLong');
  }
  const passwordHash = await hashPassword(input.password);
  try {
    const { tenant, user } = await db.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({ data: { name: input.tenantName, slug: input.slug } });
      const user = await tx.user.create({ data: { email: input.email, name: input.name || null, passwordHash } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
      return { tenant, user };
    });
    await recordAudit(tenant.id, { userId: user.id, actor: user.email, action: 'tenant.created', target: tenant.slug, ip: raw.ip });
    return { tenantId: tenant.id, userId: user.id, slug: tenant.slug };
  } catch (e) {
    // The unique indexes decide races between two sign-ups with the same slug or address.
    if ((e as { code?: string }).code === 'P2002') throw new DomainError('CONFLICT', 'This account name or e-mail address was just taken. Try another one.').withText('accounts.justTaken');
    throw e;
  }
}

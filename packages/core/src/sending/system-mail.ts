// System mail (opt-in confirmations, invitations, password resets, test sends, the seed's
// welcome): composed here and sent over the same IP pool. From the tenant's identity (DKIM
// with its key) when given, else the platform sender (SYSTEM_FROM, DKIM-signed d=<platform
// domain> with the platform's key); resolveSystemMailSender refuses, before anything is
// sent, a suspended tenant's mail, a mail whose identity lost its verified domain (never the
// platform address instead) and a test mail to a non-member. Every system mail is a
// PlatformMail row whose MAC'd VERP address (p-<id>-<mac>@BOUNCE_DOMAIN) is the envelope
// sender, so its bounces are recorded; an address that hard-bounced repeatedly gets none.
// 4xx / no IP -> throw (BullMQ retries with backoff); 5xx -> done, recorded as a hard bounce.
import { randomUUID } from 'node:crypto';
import { buildMimeTemplate, composeMessage, serializeMessage } from '@rundbrief/mailer/mime/compose';
import { createDkimSigner } from '@rundbrief/mailer/dkim/sign';
import { decryptSecret } from '../crypto.ts';
import { platformVerpAddress } from '../deliverability/platform-verp.ts';
import { resolveSystemMailSender } from '../deliverability/tenant-sender.ts';
import type { SystemMailPayload } from '../jobs/definitions.ts';
import { platformDkimSigningKey } from '../platform/platform-dkim.ts';
import { markPlatformMailSent, platformMailSuppressed, recordPlatformBounce, startPlatformMail } from '../platform/platform-mail-log.ts';
import { deliver } from './deliver.ts';
import { sendingEnv } from './env.ts';
import { systemMailHeaders } from './headers.ts';
import type { SendRuntime } from './runtime.ts';

function parseFrom(spec: string): { address: string; name: string | null } {
  const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(spec);
  if (m) return { name: m[1]?.trim() || null, address: m[2]!.trim() };
  return { name: null, address: spec.trim() };
}

export async function sendSystemMail(rt: SendRuntime, p: SystemMailPayload, opts: { jobId?: string } = {}): Promise<{ delivered: boolean; reply: string; ip: string | null }> {
  if (await platformMailSuppressed(p.to)) {
    return { delivered: false, reply: 'not sent: the address hard-bounced platform mail repeatedly', ip: null };
  }
  let from = parseFrom(sendingEnv().SYSTEM_FROM);
  let replyTo: string | null = null;
  const sender = await resolveSystemMailSender(p);
  let signer: ReturnType<typeof createDkimSigner>;
  if (sender.kind === 'identity') {
    const { identity } = sender;
    from = { address: `${identity.localPart}@${identity.domain.domain}`, name: identity.fromName };
    replyTo = identity.replyTo;
    signer = createDkimSigner([{ domain: identity.domain.domain, selector: identity.domain.dkimSelector, privateKey: decryptSecret(identity.domain.dkimPrivateKeyEnc) }]);
  } else {
    signer = createDkimSigner([await platformDkimSigningKey()]);
  }
  const fromDomain = from.address.slice(from.address.lastIndexOf('@') + 1);
  // System mail is transactional: no List-Unsubscribe; List-Id identifies the stream.
  const tpl = buildMimeTemplate({ from, replyTo, ...systemMailHeaders(fromDomain, p.headers) });
  const msg = composeMessage(tpl, { to: p.to, subject: p.subject, messageId: `${randomUUID()}@${fromDomain}`, text: p.text, html: p.html });
  const raw = serializeMessage(msg, signer.sign(msg));
  const platformMailId = await startPlatformMail(p.tenantId ?? null, { jobId: opts.jobId ?? null, kind: p.kind, to: p.to });
  const r = await deliver(rt, { from: platformVerpAddress(platformMailId), to: p.to }, raw, p.tenantId ?? null);
  if (r.kind === 'delivered') {
    await markPlatformMailSent(platformMailId);
    return { delivered: true, reply: r.reply, ip: r.ip };
  }
  if (r.kind === 'hard') {
    await recordPlatformBounce({ platformMailId, category: 'hard', status: r.cls.enhanced, diagnostic: r.reply });
    return { delivered: false, reply: r.reply, ip: r.ip };
  }
  throw new Error(`System mail to ${p.to.replace(/^(.).*@/, '$1***@')} not delivered yet: ${r.reply}`);
}

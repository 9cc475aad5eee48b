// Per-campaign send context, built once per campaign per worker process: the frozen
// compilation, the MIME template (static headers), the DKIM signer with its parsed
// KeyObject, the identity. Keyed by startedAt so a restarted campaign is rebuilt.
import { Prisma, tenantDb } from '@rundbrief/db';
import type { CompiledCampaign } from '@rundbrief/mailer/render/types';
import { buildMimeTemplate, prepareBody, type MimeTemplate, type PreparedBody } from '@rundbrief/mailer/mime/compose';
import { createDkimSigner, type DkimSigner } from '@rundbrief/mailer/dkim/sign';
import { decryptSecret } from '../crypto.ts';
import { DomainError } from '../errors.ts';
import { sendAuthFor, type SendAuth } from '../senders/alignment.ts';
import { campaignFeedbackId, campaignListId } from './headers.ts';
import type { SendRuntime } from './runtime.ts';

export type SendContext = {
  key: string;
  tenantId: string;
  campaignId: string;
  compiled: CompiledCampaign;
  tpl: MimeTemplate;
  /** Static pieces of the body, quoted-printable encoded once per campaign. */
  body: PreparedBody;
  /** A/B test: each variant's frozen compilation and prepared body, by variant id (built once per start too). */
  variants: Map<string, { compiled: CompiledCampaign; body: PreparedBody }>;
  signer: DkimSigner;
  fromDomain: string;
  /** VERP envelope domain: the domain's return path once it checked out, else the platform's. */
  envelopeDomain: string;
  trackOpens: boolean;
  trackClicks: boolean;
  sendRatePerMinute: number;
  /** Tenant.dailySendLimit (null: none); re-read with the rate, so an operator's change applies within seconds. */
  dailySendLimit: number | null;
};

const cache = new Map<string, SendContext>();

const checked = new Map<string, number>();
/** Builds in progress: the jobs of one campaign that start together build it once. */
const building = new Map<string, Promise<SendContext>>();

/**
 * The campaign's send context, built once per send start in this process. `rt`: a (re)start
 * drops the runtime's cached IP list, so the campaign goes out over the pool as the operator
 * left it just now.
 */
export async function getSendContext(rt: Pick<SendRuntime, 'forgetSendingIps'>, tenantId: string, campaignId: string): Promise<SendContext> {
  const key = `${tenantId}:${campaignId}`;
  const running = building.get(key);
  if (running) return running;
  const p = loadSendContext(rt, tenantId, campaignId).finally(() => building.delete(key));
  building.set(key, p);
  return p;
}

async function loadSendContext(rt: Pick<SendRuntime, 'forgetSendingIps'>, tenantId: string, campaignId: string): Promise<SendContext> {
  const hit = cache.get(campaignId);
  // Re-validated (one cheap query) at most every 5 s; rebuilt when the campaign was restarted.
  if (hit && hit.tenantId === tenantId && Date.now() - (checked.get(campaignId) ?? 0) < 5_000) return hit;
  // (after the cache: a tenant-scoped client is a Prisma $extends, made per call, and this runs per claimed chunk)
  const db = tenantDb(tenantId);
  if (hit && hit.tenantId === tenantId) {
    const head = await db.campaign.findFirst({ where: { id: campaignId }, select: { startedAt: true, tenant: { select: { sendRatePerMinute: true, dailySendLimit: true } } } });
    if (head && hit.key === `${campaignId}:${head.startedAt?.getTime() ?? 0}`) {
      hit.sendRatePerMinute = head.tenant.sendRatePerMinute;
      hit.dailySendLimit = head.tenant.dailySendLimit;
      checked.set(campaignId, Date.now());
      return hit;
    }
  }
  const c = await db.campaign.findFirst({
    where: { id: campaignId },
    include: {
      identity: { include: { domain: true } }, lists: { include: { list: true }, take: 1 }, tenant: true,
      variants: { where: { compiled: { not: Prisma.DbNull } }, select: { id: true, compiled: true } },
    },
  });
  if (!c) throw new DomainError('NOT_FOUND', 'Campaign not found').withText('common.notFound', { what: 'Campaign' });
  const key = `${campaignId}:${c.startedAt?.getTime() ?? 0}`;
  // A campaign (re)starting here: send it over the pool as the operator left it just now.
  rt.forgetSendingIps();
  if (!c.compiled) throw new DomainError('PRECONDITION', 'Campaign was not compiled at start');
  const identity = c.identity;
  if (!identity || !identity.domain.verifiedAt) throw new DomainError('POLICY', 'The sender identity has no verified domain').withText('campaigns.noVerifiedDomain');
  const domain = identity.domain;
  const list = c.lists[0]?.list;
  const compiled = c.compiled as unknown as CompiledCampaign;
  const auth = sendAuthFor(domain);
  const privateKeys = { 'rsa-sha256': domain.dkimPrivateKeyEnc, 'ed25519-sha256': domain.ed25519PrivateKeyEnc } as const;
  const ctx: SendContext = {
    key,
    tenantId,
    campaignId,
    compiled,
    body: prepareBody(compiled),
    variants: new Map(c.variants.map((v) => {
      const vc = v.compiled as unknown as CompiledCampaign;
      return [v.id, { compiled: vc, body: prepareBody(vc) }];
    })),
    tpl: buildMimeTemplate({
      from: { address: `${identity.localPart}@${domain.domain}`, name: identity.fromName },
      replyTo: identity.replyTo,
      listId: campaignListId({ list: list ?? null, tenant: c.tenant, domain: domain.domain }),
      feedbackId: campaignFeedbackId(campaignId, tenantId),
    }),
    // RSA first, then Ed25519 once its record passed (sendAuthFor decides).
    signer: createDkimSigner(auth.dkim.map((s) => ({ domain: s.domain, selector: s.selector, privateKey: decryptSecret(privateKeys[s.algorithm]!) }))),
    fromDomain: domain.domain,
    envelopeDomain: auth.envelopeDomain,
    trackOpens: c.trackOpens,
    trackClicks: c.trackClicks,
    sendRatePerMinute: c.tenant.sendRatePerMinute,
    dailySendLimit: c.tenant.dailySendLimit,
  };
  if (cache.size > 100) {
    const oldest = cache.keys().next().value!;
    cache.delete(oldest);
    checked.delete(oldest);
  }
  // What this campaign's mail is authenticated with, for the report's DMARC alignment.
  await db.campaign.updateMany({ where: { id: campaignId }, data: { sendAuth: auth satisfies SendAuth } });
  cache.set(campaignId, ctx);
  checked.set(campaignId, Date.now());
  return ctx;
}

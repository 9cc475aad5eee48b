// The cross-tenant attack, case by case: tenant B (session cookie and API key) calls every
// server action and every route handler with tenant A's ids, and smuggles `tenantId: A`
// into every body. attack.spec.ts fails when an action or route of the app has no case here.
//   refused:   must answer 4xx or an ActionResult with ok: false
//   no-effect: may succeed (it acts on B's own data), but must not touch A
import { randomUUID } from 'node:crypto';
import { preferencesToken, signToken } from '@rundbrief/core';
import type { Fixture } from './attack-kit.ts';

export type World = { a: Fixture; b: Fixture };
export type Expect = 'refused' | 'no-effect';

export type ActionCase = {
  expect: Expect;
  /** One argument list per call, as the page's client code would pass them. */
  calls: (w: World) => unknown[][];
  /** Page to post to (default: the first page the build lists for the action). */
  page?: (w: World) => string;
};

export type RouteCall = { url: string; body?: BodyInit; headers?: Record<string, string> };
export type RouteCase = { expect: Expect; calls: (w: World) => RouteCall[] };

/** FormData with `tenantId` (and `tenant`) of A smuggled in beside the real fields. */
export function form(w: World, fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  f.set('tenantId', w.a.tenantId);
  f.set('tenant', w.a.slug);
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
  return f;
}

const later = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16);
const MJML = '<mjml><mj-body><mj-section><mj-column><mj-text>pwned</mj-text></mj-column></mj-section></mj-body></mjml>';
const refused = (calls: ActionCase['calls'], page?: ActionCase['page']): ActionCase => ({ expect: 'refused', calls, ...(page ? { page } : {}) });
const own = (calls: ActionCase['calls']): ActionCase => ({ expect: 'no-effect', calls });
const prev = undefined;

export const ACTION_CASES: Record<string, ActionCase> = {
  // Platform operator only: B is a tenant owner, not an operator.
  'app/admin/actions.ts#acknowledgeAlertAction': refused((w) => [[prev, form(w, { alertId: w.a.alertId })]]),
  'app/admin/alerts/actions.ts#acknowledgeAlertOnListAction': refused((w) => [[prev, form(w, { alertId: w.a.alertId })]]),
  'app/admin/feedback/actions.ts#saveReporterAction': refused((w) => [[prev, form(w, { name: 'B reporter', ips: '0.0.0.0/0', dkimDomains: w.b.domainName })]]),
  'app/admin/feedback/actions.ts#removeReporterAction': refused((w) => [[prev, form(w, { name: 'loopback' })]]),
  'app/admin/feedback/actions.ts#saveProxiesAction': refused((w) => [[prev, form(w, { trustedProxies: '0.0.0.0/0' })]]),
  'app/admin/platform-mail/actions.ts#preparePlatformKeyAction': refused((w) => [[prev, form(w, {})]]),
  'app/admin/platform-mail/actions.ts#activatePlatformKeyAction': refused((w) => [[prev, form(w, {})]]),
  'app/admin/platform-mail/actions.ts#discardPlatformKeyAction': refused((w) => [[prev, form(w, {})]]),
  'app/admin/ips/actions.ts#checkAllIpsAction': refused(() => [[prev]]),
  'app/admin/ips/actions.ts#checkIpNowAction': refused((w) => [[prev, form(w, { sendingIpId: w.a.tenantId })]]),
  'app/admin/ips/actions.ts#endIpRestAction': refused((w) => [[prev, form(w, { ip: '127.0.0.2', domain: 'gmail.com' })]]),
  'app/admin/tenants/actions.ts#suspendTenantAction': refused((w) => [[prev, form(w, { reason: 'B wants A gone' })]]),
  'app/admin/tenants/actions.ts#unsuspendTenantAction': refused((w) => [[prev, form(w, {})]]),
  'app/admin/tenants/actions.ts#setTenantLimitsAction': refused((w) => [[prev, form(w, { sendRatePerMinute: '1', dailySendLimit: '1' })]]),
  'app/admin/ips/actions.ts#addIpAction': refused((w) => [[prev, form(w, { address: '192.0.2.99', heloName: 'mail.b-attack.example', dailyLimit: '' })]]),
  'app/admin/ips/actions.ts#editIpAction': refused((w) => [[prev, form(w, { sendingIpId: w.a.tenantId, heloName: 'mail.b-attack.example', dailyLimit: '1' })]]),
  'app/admin/ips/actions.ts#setIpEnabledAction': refused((w) => [[prev, form(w, { sendingIpId: w.a.tenantId, enabled: 'false' })]]),
  'app/admin/blocklist/actions.ts#addBlockedAction': refused((w) => [[prev, form(w, { value: w.a.slug + '.example', kind: 'DOMAIN', note: 'B blocks A' })]]),
  'app/admin/blocklist/actions.ts#removeBlockedAction': refused((w) => [[prev, form(w, { entryId: w.a.tenantId })]]),
  // The dev DNS page is a developer tool for platform operators (like /dev/inbox): a tenant owner is refused.
  'app/dev/dns/actions.ts#addDevDnsRecordAction': refused((w) => [[prev, form(w, { name: `_dmarc.${w.a.domainName}`, type: 'TXT', value: 'v=DMARC1; p=none', priority: '' })]]),
  'app/dev/dns/actions.ts#removeDevDnsRecordAction': refused((w) => [[prev, form(w, { recordId: w.a.tenantId })]]),
  // B's own company settings, with A's tenantId smuggled in: lands in B only
  'app/app/settings/company/actions.ts#saveCompanyAction': own((w) => [[prev, form(w, { legalName: 'B pwned GmbH', postalAddress: 'Street 1, Berlin', imprint: '', abuseContact: '', defaultSenderName: '' })]]),

  'app/app/campaigns/[id]/control-actions.ts#sendNowAction': refused((w) => [[prev, form(w, { campaignId: w.a.campaignId })]]),
  'app/app/campaigns/[id]/control-actions.ts#pauseAction': refused((w) => [[prev, form(w, { campaignId: w.a.sentCampaignId })]]),
  'app/app/campaigns/[id]/control-actions.ts#resumeAction': refused((w) => [[prev, form(w, { campaignId: w.a.sentCampaignId })]]),
  'app/app/campaigns/[id]/control-actions.ts#cancelAction': refused((w) => [[prev, form(w, { campaignId: w.a.campaignId })]]),
  // A's A/B test with A's variant, and B's own A/B test with A's variant: both 404, A's rest stays HELD
  'app/app/campaigns/[id]/control-actions.ts#pickAbWinnerAction': refused((w) => [
    [prev, form(w, { campaignId: w.a.abCampaignId, variantId: w.a.abVariantId })],
    [prev, form(w, { campaignId: w.b.abCampaignId, variantId: w.a.abVariantId })],
  ]),
  'app/app/campaigns/actions.ts#audienceCountAction': own((w) => [[{ listIds: [w.a.listId], tenantId: w.a.tenantId }]]),
  'app/app/campaigns/actions.ts#cancelScheduleAction': refused((w) => [[prev, form(w, { campaignId: w.a.campaignId })]]),
  'app/app/campaigns/actions.ts#createCampaignAction': own((w) => [[prev, form(w, { name: 'B with A template', templateId: w.a.templateId })]]),
  'app/app/campaigns/actions.ts#deleteCampaignAction': refused((w) => [[prev, form(w, { campaignId: w.a.campaignId })]]),
  'app/app/campaigns/actions.ts#saveCampaignAction': refused((w) => [
    [w.a.campaignId, { tenantId: w.a.tenantId, name: 'pwned', subject: 'pwned' }],
    // B's own campaign, pointed at A's tenant, list and sender.
    [w.b.campaignId, { tenantId: w.a.tenantId, name: 'pwned', listIds: [w.a.listId], identityId: w.a.identityId }],
  ]),
  'app/app/campaigns/actions.ts#scheduleAction': refused((w) => [[prev, form(w, { campaignId: w.a.campaignId, sendAt: later(), timezone: 'Europe/Berlin' })]]),
  'app/app/campaigns/actions.ts#testSendAction': refused((w) => [[prev, form(w, { campaignId: w.a.campaignId, recipients: w.b.owner.email })]]),

  'app/app/fields/actions.ts#createFieldAction': own((w) => [[prev, form(w, { key: 'smuggled', label: 'Smuggled', type: 'TEXT' })]]),
  'app/app/fields/actions.ts#deleteFieldAction': refused((w) => [[prev, form(w, { id: w.a.fieldId })]]),

  'app/app/lists/actions.ts#addSubscriberAction': refused((w) => [[w.a.listId, prev, form(w, { email: 'smuggled@example.net' })]]),
  'app/app/lists/actions.ts#createListAction': own((w) => [[prev, form(w, { name: 'Smuggled list' })]]),
  'app/app/lists/actions.ts#deleteListAction': refused((w) => [[w.a.listId, prev, form(w, {})]]),
  'app/app/lists/actions.ts#previewListMailAction': refused((w) => [[w.a.listId, 'confirmation', { mjml: MJML, tenantId: w.a.tenantId }]]),
  'app/app/lists/actions.ts#saveListMailAction': refused((w) => [[w.a.listId, 'welcome', prev, form(w, { subject: 'pwned', mjml: MJML, enabled: 'on' })]]),
  'app/app/lists/actions.ts#startImportAction': refused((w) => [
    [w.a.listId, w.a.importId, prev, form(w, { email: 'email', attestation: 'They agreed', consentMode: 'ATTEST' })],
    [w.b.listId, w.a.importId, prev, form(w, { email: 'email', attestation: 'They agreed', consentMode: 'ATTEST' })],
  ]),
  'app/app/lists/actions.ts#updateListAction': refused((w) => [[w.a.listId, prev, form(w, { name: 'pwned', optInMode: 'SINGLE' })]]),

  // The account actions act on the signed-in user only; A's user id in the body is ignored.
  // The language switcher writes the session user's own profile only; A's user id rides along unused.
  'i18n/actions.ts#setLanguageAction': own((w) => [[prev, form(w, { locale: 'de', userId: w.a.owner.id })], [prev, form(w, { locale: 'xx' })], [prev, 'de']]),
  'app/app/settings/account/actions.ts#beginTotpAction': own(() => [[]]),
  'app/app/settings/account/actions.ts#changePasswordAction': refused((w) => [[prev, form(w, { userId: w.a.owner.id, currentPassword: 'wrong', newPassword: 'Another-long-pw-2026!' })]]),
  'app/app/settings/account/actions.ts#confirmTotpAction': refused((w) => [[prev, form(w, { userId: w.a.owner.id, code: '000000' })]]),
  'app/app/settings/account/actions.ts#disableTotpAction': refused((w) => [[prev, form(w, { userId: w.a.owner.id, password: 'wrong' })]]),

  'app/app/settings/api-keys/actions.ts#createKeyAction': own((w) => [[prev, form(w, { name: 'smuggled', scopes: ['lists:read'] })]]),
  'app/app/settings/api-keys/actions.ts#revokeKeyAction': refused((w) => [[w.a.apiKeyId]]),
  // B's own new endpoint (A's tenantId smuggled in): lands in B only. A's endpoint and delivery ids: 404, nothing of A changes.
  'app/app/settings/webhooks/actions.ts#createWebhookAction': own((w) => [[prev, form(w, { url: `https://hooks.${w.b.domainName}/smuggled`, events: ['subscriber.created'], enabled: 'on' })]]),
  'app/app/settings/webhooks/actions.ts#updateWebhookAction': refused((w) => [[prev, form(w, { endpointId: w.a.webhookId, url: 'https://evil.example.com/x', events: ['subscriber.erased'] })]]),
  'app/app/settings/webhooks/actions.ts#enableWebhookAction': refused((w) => [[w.a.webhookId]]),
  'app/app/settings/webhooks/actions.ts#disableWebhookAction': refused((w) => [[w.a.webhookId]]),
  'app/app/settings/webhooks/actions.ts#rotateWebhookSecretAction': refused((w) => [[w.a.webhookId]]),
  'app/app/settings/webhooks/actions.ts#deleteWebhookAction': refused((w) => [[w.a.webhookId]]),
  'app/app/settings/webhooks/actions.ts#sendTestWebhookAction': refused((w) => [[w.a.webhookId]]),
  'app/app/settings/webhooks/actions.ts#resendWebhookDeliveryAction': refused((w) => [[w.a.webhookDeliveryId]]),

  'app/app/settings/domains/actions.ts#addDomainAction': own((w) => [[prev, form(w, { domain: `smuggled-${w.b.slug}.example.net` })]]),
  'app/app/settings/domains/actions.ts#checkDomainAction': refused((w) => [[prev, form(w, { domainId: w.a.domainId })]]),
  // B cannot publish A's records into the dev DNS by A's domain id (core also refuses a name another account added)
  'app/app/settings/domains/actions.ts#publishDevDnsAction': refused((w) => [[prev, form(w, { domainId: w.a.domainId })]]),
  'app/app/settings/domains/actions.ts#removeDomainAction': refused((w) => [[prev, form(w, { domainId: w.a.domainId })]]),
  // B cannot give A's domain a key (A's seeded domain has none, so only the tenant filter refuses)
  'app/app/settings/domains/ed25519-actions.ts#addEd25519KeyAction': refused((w) => [[prev, form(w, { domainId: w.a.domainId })]]),

  'app/app/settings/members/actions.ts#inviteAction': own((w) => [[prev, form(w, { email: `friend@${w.b.domainName}`, role: 'VIEWER' })]]),
  'app/app/settings/members/actions.ts#changeRoleAction': refused((w) => [[w.a.viewerMembershipId, 'OWNER']]),
  'app/app/settings/members/actions.ts#removeMemberAction': refused((w) => [[w.a.viewerMembershipId]]),
  'app/app/settings/members/actions.ts#transferOwnershipAction': refused((w) => [[w.a.viewerMembershipId]]),
  'app/app/settings/members/actions.ts#revokeInvitationAction': refused((w) => [[w.a.invitationId]]),

  'app/app/settings/security/actions.ts#savePolicyAction': own((w) => [[prev, form(w, { pwMinLength: '12', pwMinDigits: '0', pwMinSymbols: '0', pwMaxAgeDays: '', pwHistoryCount: '0' })]]),
  'app/app/settings/security/actions.ts#requireTotpAction': own((w) => [[prev, form(w, {})]]),
  'app/app/settings/security/actions.ts#saveNetworkAction': own((w) => [[prev, form(w, {})]]),
  'app/app/settings/security/actions.ts#deleteTenantAction': refused((w) => [[prev, form(w, { confirmSlug: w.a.slug })]]),

  'app/app/settings/senders/actions.ts#createIdentityAction': refused((w) => [[prev, form(w, { domainId: w.a.domainId, fromName: 'Fake A', localPart: 'ceo', replyTo: `x@${w.b.domainName}` })]]),
  'app/app/settings/senders/actions.ts#removeIdentityAction': refused((w) => [[prev, form(w, { identityId: w.a.identityId })]]),

  'app/app/subscribers/actions.ts#eraseSubscriberAction': refused((w) => [[w.a.subscriberId, prev, form(w, {})]]),
  'app/app/subscribers/actions.ts#removeFromListAction': refused((w) => [
    [prev, form(w, { subscriberId: w.a.subscriberId, listId: w.a.listId })],
    [prev, form(w, { subscriberId: w.b.subscriberId, listId: w.a.listId })],
  ]),
  'app/app/subscribers/actions.ts#resendAction': refused((w) => [[prev, form(w, { subscriptionId: w.a.subscriptionId })]]),
  'app/app/subscribers/actions.ts#updateSubscriberAction': refused((w) => [[w.a.subscriberId, prev, form(w, { firstName: 'pwned', lastName: 'pwned', 'field.company': 'pwned' })]]),

  'app/app/suppressions/actions.ts#addSuppressionAction': own((w) => [[prev, form(w, { email: `person@${w.b.domainName}`, note: 'smuggled' })]]),
  'app/app/suppressions/actions.ts#removeSuppressionAction': refused((w) => [[prev, form(w, { id: w.a.suppressionId, reason: 'B wants A to mail them' })]]),

  'app/app/templates/actions.ts#createTemplateAction': own((w) => [[prev, form(w, { name: 'smuggled', starter: 'plain' })]]),
  'app/app/templates/actions.ts#deleteTemplateAction': refused((w) => [[prev, form(w, { templateId: w.a.templateId })]]),
  'app/app/templates/actions.ts#previewAction': own((w) => [[{ mjml: MJML, tenantId: w.a.tenantId }]]),
  'app/app/templates/actions.ts#restoreVersionAction': refused((w) => [[prev, form(w, { templateId: w.a.templateId, version: '1' })]]),
  'app/app/templates/actions.ts#saveTemplateAction': refused((w) => [
    [{ templateId: w.a.templateId, mjml: MJML, name: 'pwned', baseVersion: 2, tenantId: w.a.tenantId }],
    [{ templateId: w.a.templateId, mjml: MJML, name: 'pwned', baseVersion: 2 }],
  ]),

  // Public pages: their token is the only credential. A's raw ids are not tokens; B's own
  // valid token does not reach A's lists.
  'app/confirm/[token]/actions.ts#confirmAction': refused((w) => [[w.a.subscriptionId, prev]], (w) => `/confirm/${w.a.subscriptionId}`),
  'app/confirm/[token]/actions.ts#resendAction': refused((w) => [[w.a.subscriptionId, prev]], (w) => `/confirm/${w.a.subscriptionId}`),
  'app/invite/[token]/actions.ts#acceptInvitationAction': refused((w) => [[w.a.invitationId, prev, form(w, { name: 'B', password: 'Attack-pw-long-2026!x' })]], (w) => `/invite/${w.a.invitationId}`),
  'app/p/[token]/actions.ts#eraseAction': refused((w) => [[w.a.confirmedSubscriberId, prev, form(w, { confirm: 'yes' })]], (w) => `/p/${w.a.confirmedSubscriberId}`),
  'app/p/[token]/actions.ts#freshLinkAction': refused((w) => [[w.a.confirmedSubscriberId, prev]], (w) => `/p/${w.a.confirmedSubscriberId}`),
  'app/erase/[token]/actions.ts#confirmEraseAction': refused((w) => [[w.a.confirmedSubscriberId, prev], [w.b.prefsToken, prev]], (w) => `/erase/${w.a.confirmedSubscriberId}`),
  'app/p/[token]/lists-actions.ts#listPreferenceAction': own((w) => [
    [prev, form(w, { token: w.b.prefsToken, listId: w.a.listId, op: 'rejoin' })],
    [prev, form(w, { token: w.b.prefsToken, listId: w.a.listId, op: 'leave' })],
    [prev, form(w, { token: w.a.confirmedSubscriberId, listId: w.a.listId, op: 'leave' })],
  ]),
  'app/p/[token]/lists-actions.ts#pauseAction': own((w) => [
    [prev, form(w, { token: w.a.confirmedSubscriberId, days: '30' })],
    [prev, form(w, { token: preferencesToken(w.b.subscriberId), subscriberId: w.a.confirmedSubscriberId, days: '30' })],
  ]),
  'app/reset-password/actions.ts#requestResetAction': own((w) => [[prev, form(w, { email: w.b.owner.email, userId: w.a.owner.id })]]),
  'app/reset-password/actions.ts#resetPasswordAction': refused((w) => [[w.a.owner.id, prev, form(w, { password: 'Attack-pw-long-2026!x', userId: w.a.owner.id })]], (w) => `/reset-password/${w.a.owner.id}`),
  'app/signup/actions.ts#signUpAction': own((w) => [
    [prev, form(w, { tenantName: 'Smuggler', slug: w.a.slug, name: 'B', email: `taker-${Date.now().toString(36)}@${w.b.domainName}`, password: 'Attack-pw-long-2026!x' })],
    [prev, form(w, { tenantName: 'Smuggler', slug: `${w.b.slug}-x`, name: 'B', email: `smuggler-${Date.now().toString(36)}@${w.b.domainName}`, password: 'Attack-pw-long-2026!x' })],
  ]),
};

const json = (v: unknown): Pick<RouteCall, 'body' | 'headers'> => ({ body: JSON.stringify(v), headers: { 'content-type': 'application/json' } });
const csv = (text: string): Pick<RouteCall, 'body' | 'headers'> => ({ body: text, headers: { 'content-type': 'text/csv', 'x-file-name': 'people.csv' } });
const r = (expect: Expect, calls: RouteCase['calls']): RouteCase => ({ expect, calls });
// Routes that take no body (every DELETE; the campaign controls; webhook test, rotate, resend) get none: they
// refuse any body with a 400 before the id is looked at, which would hide the tenancy check.
const campaignRoute = (suffix: string, body?: unknown) => r('refused', (w) => [{ url: `/api/v1/campaigns/${w.a.campaignId}${suffix}`, ...(body ? json({ tenantId: w.a.tenantId, ...body }) : {}) }]);

export const ROUTE_CASES: Record<string, RouteCase> = {
  '/api/auth/[...nextauth] GET': r('no-effect', () => [{ url: '/api/auth/session' }, { url: '/api/auth/providers' }]),
  // No CSRF token: next-auth refuses before it looks at the (foreign) address.
  '/api/auth/[...nextauth] POST': r('no-effect', (w) => [{
    url: '/api/auth/callback/credentials', body: new URLSearchParams({ email: w.a.owner.email, password: 'wrong', tenantId: w.a.tenantId }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }]),
  '/api/health GET': r('no-effect', () => [{ url: '/api/health' }]),

  '/api/v1/campaigns GET': r('no-effect', (w) => [{ url: `/api/v1/campaigns?tenantId=${w.a.tenantId}` }]),
  '/api/v1/campaigns POST': r('no-effect', (w) => [{ url: '/api/v1/campaigns', ...json({ tenantId: w.a.tenantId, name: 'smuggled', templateId: w.a.templateId, listIds: [w.a.listId], identityId: w.a.identityId }) }]),
  '/api/v1/campaigns/[id] GET': campaignRoute(''),
  '/api/v1/campaigns/[id] PATCH': campaignRoute('', { name: 'pwned', subject: 'pwned' }),
  '/api/v1/campaigns/[id] DELETE': campaignRoute(''),
  '/api/v1/campaigns/[id]/cancel POST': campaignRoute('/cancel'),
  '/api/v1/campaigns/[id]/checklist GET': campaignRoute('/checklist'),
  '/api/v1/campaigns/[id]/pause POST': r('refused', (w) => [{ url: `/api/v1/campaigns/${w.a.sentCampaignId}/pause` }]),
  '/api/v1/campaigns/[id]/progress GET': campaignRoute('/progress'),
  '/api/v1/campaigns/[id]/resume POST': campaignRoute('/resume'),
  '/api/v1/campaigns/[id]/schedule POST': r('refused', (w) => [{ url: `/api/v1/campaigns/${w.a.campaignId}/schedule`, ...json({ tenantId: w.a.tenantId, sendAt: later(), timezone: 'Europe/Berlin' }) }]),
  '/api/v1/campaigns/[id]/schedule DELETE': campaignRoute('/schedule'),
  '/api/v1/campaigns/[id]/send POST': campaignRoute('/send'),
  '/api/v1/campaigns/[id]/test-send POST': r('refused', (w) => [{ url: `/api/v1/campaigns/${w.a.campaignId}/test-send`, ...json({ tenantId: w.a.tenantId, recipients: [w.b.owner.email] }) }]),

  // Public documentation: the same document for everyone, nothing of a tenant in it.
  '/api/v1/openapi.json GET': r('no-effect', (w) => [{ url: `/api/v1/openapi.json?tenantId=${w.a.tenantId}` }]),

  '/api/v1/lists GET': r('no-effect', (w) => [{ url: `/api/v1/lists?tenantId=${w.a.tenantId}` }]),
  '/api/v1/lists POST': r('no-effect', (w) => [{ url: '/api/v1/lists', ...json({ tenantId: w.a.tenantId, name: 'smuggled API list' }) }]),
  '/api/v1/lists/[id] GET': r('refused', (w) => [{ url: `/api/v1/lists/${w.a.listId}` }]),
  '/api/v1/lists/[id] PATCH': r('refused', (w) => [{ url: `/api/v1/lists/${w.a.listId}`, ...json({ tenantId: w.a.tenantId, name: 'pwned' }) }]),
  '/api/v1/lists/[id] DELETE': r('refused', (w) => [{ url: `/api/v1/lists/${w.a.listId}` }]),

  '/api/v1/webhooks GET': r('no-effect', (w) => [{ url: `/api/v1/webhooks?tenantId=${w.a.tenantId}` }]),
  '/api/v1/webhooks POST': r('no-effect', (w) => [{ url: '/api/v1/webhooks', ...json({ tenantId: w.a.tenantId, url: `https://hooks.${w.b.domainName}/api`, events: ['subscriber.created'] }) }]),
  '/api/v1/webhooks/[id] GET': r('refused', (w) => [{ url: `/api/v1/webhooks/${w.a.webhookId}` }]),
  '/api/v1/webhooks/[id] PATCH': r('refused', (w) => [{ url: `/api/v1/webhooks/${w.a.webhookId}`, ...json({ tenantId: w.a.tenantId, url: 'https://evil.example.com/x', enabled: false }) }]),
  '/api/v1/webhooks/[id] DELETE': r('refused', (w) => [{ url: `/api/v1/webhooks/${w.a.webhookId}` }]),
  '/api/v1/webhooks/[id]/deliveries GET': r('refused', (w) => [{ url: `/api/v1/webhooks/${w.a.webhookId}/deliveries?tenantId=${w.a.tenantId}` }]),
  // A's delivery under A's endpoint, and under B's own endpoint (the path's endpoint must own it).
  '/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend POST': r('refused', (w) => [
    { url: `/api/v1/webhooks/${w.a.webhookId}/deliveries/${w.a.webhookDeliveryId}/resend` },
    { url: `/api/v1/webhooks/${w.b.webhookId}/deliveries/${w.a.webhookDeliveryId}/resend` },
  ]),
  '/api/v1/webhooks/[id]/rotate POST': r('refused', (w) => [{ url: `/api/v1/webhooks/${w.a.webhookId}/rotate` }]),
  '/api/v1/webhooks/[id]/test POST': r('refused', (w) => [{ url: `/api/v1/webhooks/${w.a.webhookId}/test` }]),

  '/api/v1/subscribers GET': r('no-effect', (w) => [{ url: `/api/v1/subscribers?listId=${w.a.listId}&tenantId=${w.a.tenantId}` }]),
  '/api/v1/subscribers POST': r('refused', (w) => [{ url: '/api/v1/subscribers', ...json({ tenantId: w.a.tenantId, email: `new@${w.b.domainName}`, listIds: [w.a.listId], listId: w.a.listId }) }]),
  '/api/v1/subscribers/[id] GET': r('refused', (w) => [{ url: `/api/v1/subscribers/${w.a.subscriberId}` }]),
  '/api/v1/subscribers/[id] PATCH': r('refused', (w) => [{ url: `/api/v1/subscribers/${w.a.subscriberId}`, ...json({ tenantId: w.a.tenantId, firstName: 'pwned' }) }]),
  '/api/v1/subscribers/[id] DELETE': r('refused', (w) => [{ url: `/api/v1/subscribers/${w.a.subscriberId}` }]),

  '/app/campaigns/[id]/progress-data GET': r('refused', (w) => [{ url: `/app/campaigns/${w.a.sentCampaignId}/progress-data` }]),
  '/app/campaigns/[id]/report/export GET': r('refused', (w) => [{ url: `/app/campaigns/${w.a.sentCampaignId}/report/export` }]),
  '/app/lists/[id]/imports/[importId]/report GET': r('refused', (w) => [{ url: `/app/lists/${w.b.listId}/imports/${w.a.importId}/report` }]),
  '/app/lists/[id]/imports/[importId]/status GET': r('refused', (w) => [{ url: `/app/lists/${w.a.listId}/imports/${w.a.importId}/status` }]),
  '/app/lists/[id]/upload POST': r('refused', (w) => [{ url: `/app/lists/${w.a.listId}/upload`, ...csv('email\nx@example.org\n') }]),
  '/app/subscribers/export GET': r('no-effect', (w) => [{ url: `/app/subscribers/export?listId=${w.a.listId}&tenantId=${w.a.tenantId}` }]),
  '/app/suppressions/export GET': r('no-effect', (w) => [{ url: `/app/suppressions/export?tenantId=${w.a.tenantId}` }]),
  '/app/suppressions/import POST': r('no-effect', (w) => [{ url: '/app/suppressions/import', ...csv(`email,tenantId\nsmuggled@example.com,${w.a.tenantId}\n`) }]),
  // Operators only: a tenant owner is refused (no sink message is anyone's to read).
  '/dev/inbox/[id]/raw GET': r('refused', () => [{ url: `/dev/inbox/${randomUUID()}/raw` }]),
  '/f/[publicId]/subscribe POST': r('no-effect', (w) => [{
    url: `/f/${w.b.listPublicId}/subscribe`, headers: { accept: 'application/json' },
    // A form token issued a minute ago: the submission passes the bot checks and reaches the write.
    body: form(w, { email: `formed@${w.b.domainName}`, listId: w.a.listId, publicId: w.a.listPublicId, _t: signToken('form', { l: w.b.listPublicId, t: Date.now() - 60_000 }) }),
  }]),
  '/p/[token]/export GET': r('refused', (w) => [{ url: `/p/${w.a.confirmedSubscriberId}/export` }]),
  '/t/c/[token] GET': r('refused', (w) => [{ url: `/t/c/${w.a.messageId}.0` }]),
  '/t/c/[token] HEAD': r('refused', (w) => [{ url: `/t/c/${w.a.messageId}.0` }]),
  '/t/o/[token] GET': r('no-effect', (w) => [{ url: `/t/o/${w.a.messageId}.gif` }]),
  '/t/o/[token] HEAD': r('no-effect', (w) => [{ url: `/t/o/${w.a.messageId}.gif` }]),
  '/u/[token] GET': r('refused', (w) => [{ url: `/u/${w.a.messageId}` }]),
  '/u/[token] POST': r('refused', (w) => [{
    url: `/u/${w.a.messageId}`, body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }]),
};

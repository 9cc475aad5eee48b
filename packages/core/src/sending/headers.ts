// Header policy of the send engine (the MIME building itself is packages/mailer's).
// - Campaign mail: List-Id (RFC 2919) a stable id per list under the sender's domain, named
//   after the list (the tenant's slug / name when the campaign has no list); Feedback-ID
//   (Gmail Feedback Loop) campaign:tenant:type:sender, so complaint stats come per campaign;
//   List-Unsubscribe (https + mailto) and List-Unsubscribe-Post per recipient (batch.ts).
// - System mail is transactional: no List-Unsubscribe; List-Id `system.<from domain>`
//   identifies the stream; Auto-Submitted: auto-generated.

export function campaignListId(input: { list: { id: string; name: string } | null; tenant: { slug: string; name: string }; domain: string }): { id: string; name: string } {
  const { list, tenant, domain } = input;
  return { id: `${list ? list.id.replace(/-/g, '') : tenant.slug}.${domain}`, name: list?.name ?? tenant.name };
}

export function campaignFeedbackId(campaignId: string, tenantId: string): string {
  return `${campaignId.slice(0, 8)}:${tenantId.slice(0, 8)}:campaign:rundbrief`;
}

export function systemMailHeaders(fromDomain: string, extra: Record<string, string> | undefined): { listId: { id: string }; headers: Record<string, string> } {
  return { listId: { id: `system.${fromDomain}` }, headers: { 'Auto-Submitted': 'auto-generated', ...extra } };
}

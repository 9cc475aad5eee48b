// domainState is the one reading of a sender domain: the checklist says what the domain
// page says (the checklist used to call a domain "verified (DKIM and SPF pass)" while
// another item said both had failed the last DNS check).
import { compileCampaign } from '@rundbrief/mailer/render/index';
import { describe, expect, it } from 'vitest';
import { runChecklist } from '../../src/authoring/checklist.ts';
import { STARTER_TEMPLATES } from '../../src/authoring/starters.ts';
import { domainState, type DomainStateInput } from '../../src/senders/state.ts';

const rec = (kind: string, status: 'PASS' | 'FAIL' | 'PENDING', required?: boolean) =>
  ({ kind, status, found: status === 'FAIL' ? ['v=spf1 -all'] : [], problem: status === 'FAIL' ? `${kind} is wrong.` : null, ...(required === undefined ? {} : { required }) });

const base: DomainStateInput = {
  domain: 'shop.example',
  verifiedAt: new Date('2026-11-01T08:00:00Z'),
  lastCheckedAt: new Date('2026-12-02T10:00:00Z'),
  failingSince: null,
  records: [rec('DKIM', 'PASS', true), rec('RETURN-PATH-SPF', 'PASS', true), rec('DMARC', 'PASS', false)],
};

async function checklistFor(state: ReturnType<typeof domainState>) {
  const mjml = STARTER_TEMPLATES.plain.mjml;
  const compiled = await compileCampaign({ subject: 'Hello', mjml, imprint: 'Shop GmbH, Berlin' });
  return runChecklist({ subject: 'Hello', listIds: ['l'], mjml, identity: { address: 'news@shop.example', domain: state } }, { imprint: 'Shop GmbH, Berlin' }, compiled);
}

describe('domainState', () => {
  it('grace period: verified, DNS failing since …, sending stops at …, and the checklist says the same', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const state = domainState({
      ...base, failingSince: new Date('2026-12-01T10:00:00Z'),
      records: [rec('DKIM', 'FAIL', true), rec('RETURN-PATH-SPF', 'FAIL', true), rec('DMARC', 'PASS', false)],
    }, now);
    expect(state).toMatchObject({ verified: true, inGrace: true, failing: 'DKIM and SPF (return path)', stopsAt: new Date('2026-12-04T10:00:00Z') });
    expect(state.summary).toBe('shop.example is verified, DNS failing since 2026-12-01 10:00 UTC (DKIM and SPF (return path) do not pass); sending stops at 2026-12-04 10:00 UTC unless the records are fixed.');

    const items = await checklistFor(state);
    const domainItems = items.filter((i) => i.id.startsWith('sender_d'));
    // never "verified (… pass)" next to "… failed": every domain sentence is the page's sentence
    expect(domainItems.map((i) => i.message)).toEqual([state.summary, state.summary]);
    expect(domainItems.map((i) => [i.id, i.ok, i.severity])).toEqual([['sender_domain', true, 'block'], ['sender_dns', false, 'warn']]);
    expect(items.map((i) => i.message).join(' ')).not.toMatch(/is verified \(/);
  });

  it('past the grace period the domain no longer counts as verified, even before the re-check clears it', async () => {
    const state = domainState({ ...base, failingSince: new Date('2026-12-01T10:00:00Z'), records: [rec('DKIM', 'FAIL', true)] }, new Date('2026-12-04T10:00:00Z'));
    expect(state).toMatchObject({ verified: false, inGrace: false });
    expect(state.summary).toBe('shop.example lost its verification: DKIM does not pass since 2026-12-01 10:00 UTC.');
    const item = (await checklistFor(state)).find((i) => i.id === 'sender_domain')!;
    expect(item).toMatchObject({ ok: false, severity: 'block', fix: '/app/settings/domains' });
    expect(item.message.startsWith(state.summary)).toBe(true);
  });

  it('verified and passing; optional records do not gate; unknown kinds still count by their flag', () => {
    const state = domainState({ ...base, records: [...base.records, rec('DMARC', 'FAIL', false), rec('NEW-KIND', 'PENDING', false)] });
    expect(state).toMatchObject({ verified: true, inGrace: false, failing: '', pending: true });
    expect(state.summary).toBe('shop.example is verified (DKIM and SPF (return path) pass).');
    expect(state.records.map((r) => r.label)).toEqual(['Pass', 'Pass', 'Pass', 'Failing', 'Not checked yet']);
  });

  it('never checked, and checked but failing', () => {
    const fresh = domainState({ ...base, verifiedAt: null, lastCheckedAt: null, records: [rec('DKIM', 'PENDING'), rec('SPF', 'PENDING')] });
    expect(fresh.summary).toBe('shop.example is not verified: its DNS records have not been checked yet.');
    const failing = domainState({ ...base, verifiedAt: null, records: [rec('DKIM', 'PASS'), rec('SPF', 'FAIL'), rec('MX', 'FAIL')] });
    // without a `required` flag, DKIM and SPF gate (the rule before records said so)
    expect(failing).toMatchObject({ verified: false, failing: 'SPF' });
    expect(failing.summary).toBe('shop.example is not verified: SPF does not pass.');
  });
});

// Operators add and remove platform blocklist entries without SQL: validated (an address or
// a domain; domain kinds only for domains), refused for tenant users, audited; a domain entry
// blocks its subdomains at sign-up.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { addBlockedEntry, listBlockedEntries, removeBlockedEntry } from '../../src/platform/platform-blocklist.ts';
import { findBlocked } from '../../src/deliverability/suppression.ts';
import type { OperatorActor } from '../../src/platform/operator.ts';
import { failure, seedOperatorAndOwner, zodMessages } from './operators.ts';

let op: OperatorActor;
let owner: OperatorActor;

beforeEach(async () => {
  ({ op, owner: owner } = await seedOperatorAndOwner());
});
afterAll(() => getDb().$disconnect());

describe('platform blocklist', () => {
  it('adds an address and a domain (which also blocks its subdomains), removes one; each change audited', async () => {
    const trap = await addBlockedEntry(op, { value: ' Trap@Example.NET ', kind: 'SPAM_TRAP', note: 'from a feed' });
    expect(trap).toMatchObject({ value: 'trap@example.net', kind: 'SPAM_TRAP', note: 'from a feed' });
    await addBlockedEntry(op, { value: 'Spam-Forms.example', kind: 'FORM_SPAM_DOMAIN', note: '' });
    expect(await findBlocked('anyone@mx.spam-forms.example')).toMatchObject({ value: 'spam-forms.example' });
    expect((await listBlockedEntries(op, { search: 'trap' })).map((e) => e.value)).toEqual(['trap@example.net']);
    await removeBlockedEntry(op, trap.id);
    expect(await findBlocked('trap@example.net')).toBeNull();
    const log = await getDb().auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(log.map((l) => [l.tenantId, l.action, l.target, l.actor])).toEqual([
      [null, 'platform.blocklist.add', 'trap@example.net', op.email],
      [null, 'platform.blocklist.add', 'spam-forms.example', op.email],
      [null, 'platform.blocklist.remove', 'trap@example.net', op.email],
    ]);
  });

  it('refuses a tenant user, changing nothing', async () => {
    const e = await addBlockedEntry(op, { value: 'honeypot@example.org', kind: 'HONEYPOT', note: '' });
    expect(await failure(addBlockedEntry(owner, { value: 'rival.example', kind: 'FORM_SPAM_DOMAIN', note: '' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(removeBlockedEntry(owner, e.id))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await listBlockedEntries(op)).map((x) => x.value)).toEqual(['honeypot@example.org']);
    expect(await getDb().auditLog.count()).toBe(1);
  });

  it('refuses what is neither address nor domain, a domain kind for an address, and a duplicate', async () => {
    expect(await zodMessages(addBlockedEntry(op, { value: 'not a domain', kind: 'HONEYPOT', note: '' }))).toEqual(['Enter an address (user@example.com) or a domain (example.com).']);
    expect(await zodMessages(addBlockedEntry(op, { value: 'a..b@example.com', kind: 'HONEYPOT', note: '' }))).toHaveLength(1);
    expect(await zodMessages(addBlockedEntry(op, { value: 'x@example.com', kind: 'DISPOSABLE_DOMAIN', note: '' }))).toEqual(['This kind is for domains; enter a domain, or choose honeypot or spam trap for an address.']);
    await addBlockedEntry(op, { value: 'example.com', kind: 'DISPOSABLE_DOMAIN', note: '' });
    expect(await failure(addBlockedEntry(op, { value: 'EXAMPLE.com', kind: 'HONEYPOT', note: '' }))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(removeBlockedEntry(op, 'nope'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().blockedAddress.count()).toBe(1);
  });
});

// "Add subscriber" on the list page: one person by hand, through the list's consent flow.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { addSubscriberByHand, closeQueues, createList } from '../../src/index.ts';
import { freshTenants, queuedMails, subscription } from './helpers.ts';

let tenantId: string;
beforeEach(async () => {
  tenantId = (await freshTenants()).a.id;
});
afterAll(closeQueues);

describe('adding a subscriber by hand', () => {
  it('on a double opt-in list: pending until the person clicks, with a confirmation mail, source ADMIN', async () => {
    const list = await createList({ tenantId }, { name: 'News', optInMode: 'DOUBLE' });
    const r = await addSubscriberByHand({ tenantId, userId: 'u1', ip: '198.51.100.4' }, list.id, { email: ' Marta@Example.com ', firstName: ' Marta ', lastName: 'Kühn' });
    expect(r).toMatchObject({ status: 'PENDING', mailed: true });
    const sub = (await subscription('marta@example.com'))!;
    // The marketer's address is not consent proof of the subscriber's.
    expect(sub).toMatchObject({ status: 'PENDING', source: 'ADMIN', requestIp: null, confirmedAt: null });
    expect(sub.subscriber).toMatchObject({ firstName: 'Marta', lastName: 'Kühn' });
    expect((await queuedMails()).map((m) => [m.kind, m.to])).toEqual([['OPT_IN_CONFIRMATION', 'marta@example.com']]);
  });

  it('on a CONFIRMED-mode list: confirmed at once, with the notice mail', async () => {
    const list = await createList({ tenantId }, { name: 'Customers', optInMode: 'CONFIRMED' });
    expect(await addSubscriberByHand({ tenantId }, list.id, { email: 'olaf@example.com' })).toMatchObject({ status: 'CONFIRMED' });
    expect((await queuedMails()).map((m) => [m.kind, m.to])).toEqual([['OPT_IN_NOTICE', 'olaf@example.com']]);
  });

  it('refuses a suspended tenant and a malformed address, writing nothing', async () => {
    const list = await createList({ tenantId }, { name: 'News', optInMode: 'DOUBLE' });
    await expect(addSubscriberByHand({ tenantId }, list.id, { email: '' })).rejects.toMatchObject({ name: 'ZodError' });
    await expect(addSubscriberByHand({ tenantId }, list.id, { email: 'not an address' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await getDb().tenant.update({ where: { id: tenantId }, data: { status: 'SUSPENDED', suspendedReason: 'abuse report' } });
    await expect(addSubscriberByHand({ tenantId }, list.id, { email: 'ida@example.com' })).rejects.toMatchObject({ code: 'SUSPENDED' });
    expect(await getDb().subscriber.count({ where: { tenantId } })).toBe(0);
    expect(await queuedMails()).toEqual([]);
  });

  it('cannot add to another tenant\'s list', async () => {
    const other = (await getDb().tenant.findFirstOrThrow({ where: { id: { not: tenantId } } })).id;
    const list = await createList({ tenantId: other }, { name: 'Theirs', optInMode: 'CONFIRMED' });
    await expect(addSubscriberByHand({ tenantId }, list.id, { email: 'x@example.com' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

// Client input never chooses the tenant (issue 17.2), for the audience writes: tenant A's
// context with client data that names tenant B (a `tenantId` field, B's ids). Every call
// is 404 or lands in A; B's rows are byte-for-byte unchanged.
import { Readable } from 'node:stream';
import { getDb } from '@rundbrief/db';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  closeQueues, createField, createImport, createList, deleteField, deleteList, eraseSubscriber, exportSubscriberData, getImport, getList,
  getSubscriber, openRefusalReport, previewImport, removeFromList, resendConfirmation, startImport, subscribe, updateList, updateSubscriber,
  type ListInput, type SubscribeInput,
} from '../../src/index.ts';
import { freshTenants } from './helpers.ts';

const db = getDb();
let a: string;
let b: string;
let bList: { id: string };
let bSub: { id: string };
let bField: { id: string };
let bImport: { id: string };
const csv = () => Readable.from([Buffer.from('email,first\nnew@b.example,New\n')]);

/** Everything tenant B holds, to prove no call wrote to it. */
async function fingerprintOfB() {
  const where = { where: { tenantId: b }, orderBy: { id: 'asc' as const } };
  return {
    lists: await db.list.findMany(where),
    subscribers: await db.subscriber.findMany(where),
    subscriptions: await db.subscription.findMany(where),
    fields: await db.customField.findMany(where),
    suppressions: await db.suppression.findMany(where),
    events: await db.event.findMany(where),
    audit: await db.auditLog.findMany(where),
    imports: await db.import.findMany(where),
  };
}

beforeEach(async () => {
  ({ a: { id: a }, b: { id: b } } = await freshTenants());
  bList = await createList({ tenantId: b }, { name: 'B list' });
  bSub = await db.subscriber.create({ data: { tenantId: b, email: 'bea@b.example', firstName: 'Bea', attributes: { plan: 'gold' } } });
  await db.subscription.create({ data: { tenantId: b, listId: bList.id, subscriberId: bSub.id, status: 'CONFIRMED', source: 'ADMIN' } });
  bField = await createField({ tenantId: b }, { key: 'plan', label: 'Plan', type: 'TEXT' });
  bImport = (await createImport({ tenantId: b }, { listId: bList.id, fileName: 'b.csv', body: csv() })).import;
});
afterAll(closeQueues);

const ctxA = () => ({ tenantId: a, actor: 'marketer@a.example' });
const NOT_FOUND = { code: 'NOT_FOUND' };

describe("tenant A's context with a body naming tenant B", () => {
  it('lists: B\'s list is 404 to read, update and delete; a create with B\'s tenantId lands in A', async () => {
    const before = await fingerprintOfB();
    const hostile = { tenantId: b, listId: bList.id, name: 'pwned' } as ListInput;
    await expect(getList(ctxA(), bList.id)).rejects.toMatchObject(NOT_FOUND);
    await expect(updateList(ctxA(), bList.id, hostile)).rejects.toMatchObject(NOT_FOUND);
    await expect(deleteList(ctxA(), bList.id)).rejects.toMatchObject(NOT_FOUND);
    const made = await createList(ctxA(), hostile);
    expect(made.tenantId).toBe(a);
    expect(await fingerprintOfB()).toEqual(before);
  });

  it("subscribers: B's subscriber is 404 to read, edit, remove from its list, export and erase", async () => {
    const before = await fingerprintOfB();
    await expect(getSubscriber(ctxA(), bSub.id)).rejects.toMatchObject(NOT_FOUND);
    await expect(updateSubscriber(ctxA(), bSub.id, { tenantId: b, firstName: 'pwned', attributes: { plan: 'x' } } as never)).rejects.toMatchObject(NOT_FOUND);
    await expect(removeFromList(ctxA(), { subscriberId: bSub.id, listId: bList.id })).rejects.toMatchObject(NOT_FOUND);
    await expect(exportSubscriberData(ctxA(), bSub.id)).rejects.toMatchObject(NOT_FOUND);
    await expect(eraseSubscriber(ctxA(), bSub.id)).rejects.toMatchObject(NOT_FOUND);
    expect(await fingerprintOfB()).toEqual(before);
  });

  it("fields: B's field is 404 to delete; a create with B's tenantId lands in A", async () => {
    const before = await fingerprintOfB();
    await expect(deleteField(ctxA(), bField.id)).rejects.toMatchObject(NOT_FOUND);
    const made = await createField(ctxA(), { tenantId: b, key: 'plan', label: 'Plan', type: 'TEXT' } as never);
    expect(made.tenantId).toBe(a);
    expect(await fingerprintOfB()).toEqual(before);
  });

  it("imports: an upload into B's list, and starting, reading or previewing B's import, are 404; nothing is queued or written", async () => {
    const before = await fingerprintOfB();
    await expect(createImport(ctxA(), { tenantId: b, listId: bList.id, fileName: 'x.csv', body: csv() } as never)).rejects.toMatchObject(NOT_FOUND);
    const mapping = { email: 'email', firstName: 'first', fields: {} };
    await expect(startImport(ctxA(), bImport.id, { tenantId: b, mapping, attestation: 'Signed up at the B shop checkout, 2024' } as never)).rejects.toMatchObject(NOT_FOUND);
    await expect(getImport(ctxA(), bImport.id)).rejects.toMatchObject(NOT_FOUND);
    await expect(previewImport(ctxA(), bImport.id)).rejects.toMatchObject(NOT_FOUND);
    await expect(openRefusalReport(ctxA(), bImport.id)).rejects.toMatchObject(NOT_FOUND);
    expect(await db.import.count({ where: { tenantId: a } })).toBe(0);
    expect(await fingerprintOfB()).toEqual(before);
  });

  it("sign-ups: subscribing into B's list or resending B's confirmation is 404; nothing is written", async () => {
    const pending = await db.subscription.create({ data: { tenantId: b, listId: bList.id, subscriberId: (await db.subscriber.create({ data: { tenantId: b, email: 'pia@b.example' } })).id, status: 'PENDING', source: 'FORM' } });
    const before = await fingerprintOfB();
    const hostile = { tenantId: b, listId: bList.id, email: 'mallory@a.example', source: 'ADMIN' } as SubscribeInput;
    await expect(subscribe(ctxA(), hostile)).rejects.toMatchObject(NOT_FOUND);
    await expect(resendConfirmation(ctxA(), pending.id, new Date(Date.now() + 86_400_000))).rejects.toMatchObject(NOT_FOUND);
    expect(await db.subscriber.count({ where: { email: 'mallory@a.example' } })).toBe(0);
    expect(await fingerprintOfB()).toEqual(before);
  });
});

// The hosted form is anonymous: anyone can type anyone's address into it. It must never
// change what an existing subscriber's mails greet them with (names) or what the marketer
// holds about them (custom fields); an API sign-up by the tenant still fills fields in.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { closeFormLimiter, closeQueues, createField, createList, formToken, submitSignupForm, subscribe } from '../../src/index.ts';
import { freshTenants } from './helpers.ts';

let tenantId: string;
let publicId: string;
let listId: string;

beforeEach(async () => {
  const { a } = await freshTenants();
  tenantId = a.id;
  const list = await createList({ tenantId }, { name: 'Weekly' });
  publicId = list.publicId;
  listId = list.id;
  await createField({ tenantId }, { key: 'company', label: 'Company', type: 'TEXT' });
  await createField({ tenantId }, { key: 'city', label: 'City', type: 'TEXT' });
});
afterAll(async () => { await closeFormLimiter(); await closeQueues(); });

const subscriber = (email: string) => getDb().subscriber.findFirstOrThrow({ where: { tenantId, email } });

describe('anonymous form sign-up of an existing address', () => {
  it('keeps the names and fields the subscriber already has', async () => {
    await getDb().subscriber.create({ data: { tenantId, email: 'ida@example.com', firstName: 'Ida', lastName: 'Meier', attributes: { company: 'ACME' } } });
    await submitSignupForm({
      publicId, email: 'ida@example.com', firstName: 'Idiot', lastName: '<b>Hacked</b>', attributes: { company: 'Evil Corp', city: 'Nowhere' },
      formToken: formToken(publicId, Date.now() - 5_000), ip: '192.0.2.10',
    });
    expect(await subscriber('ida@example.com')).toMatchObject({ firstName: 'Ida', lastName: 'Meier', attributes: { company: 'ACME' } });
    // the sign-up itself still happened (pending, with its proof)
    expect(await getDb().subscription.count({ where: { listId, subscriber: { email: 'ida@example.com' } } })).toBe(1);
  });

  it('stores what a new subscriber types, and the tenant API still fills fields in', async () => {
    await submitSignupForm({ publicId, email: 'new@example.com', firstName: 'Nora', attributes: { city: 'Bremen' }, formToken: formToken(publicId, Date.now() - 5_000), ip: '192.0.2.11' });
    expect(await subscriber('new@example.com')).toMatchObject({ firstName: 'Nora', attributes: { city: 'Bremen' } });
    await subscribe({ tenantId }, { listId, email: 'new@example.com', attributes: { company: 'Bremer GmbH' }, source: 'API' });
    expect(await subscriber('new@example.com')).toMatchObject({ firstName: 'Nora', attributes: { city: 'Bremen', company: 'Bremer GmbH' } });
  });
});

// Public signup form protections against the real database and Redis.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { closeFormLimiter, closeQueues, createList, formToken, getPublicForm, submitSignupForm, updateList } from '../../src/index.ts';
import { freshTenants, queuedMails, subscription } from './helpers.ts';

let tenantId: string;
let publicId: string;
let listId: string;
const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

beforeEach(async () => {
  const { a } = await freshTenants();
  tenantId = a.id;
  const list = await createList({ tenantId }, { name: 'Weekly' });
  publicId = list.publicId;
  listId = list.id;
});
afterAll(async () => { await closeFormLimiter(); await closeQueues(); });

const fiveSecondsAgo = () => formToken(publicId, Date.now() - 5_000);

describe('hosted signup form', () => {
  it('a person who fills the form subscribes (pending, mail queued, proof recorded)', async () => {
    const form = await getPublicForm(publicId);
    expect(form.list.name).toBe('Weekly');
    const r = await submitSignupForm({ publicId, email: 'ida@example.com', formToken: fiveSecondsAgo(), honeypot: '', ip: '192.0.2.10', userAgent: 'UA' });
    expect(r.status).toBe('PENDING');
    expect(r.message).toMatch(/check your inbox/);
    expect(await subscription('ida@example.com')).toMatchObject({ source: 'FORM', requestIp: '192.0.2.10' });
    expect(await queuedMails()).toHaveLength(1);
  });

  it('refuses a filled honeypot', async () => {
    await expect(submitSignupForm({ publicId, email: 'bot@example.com', formToken: fiveSecondsAgo(), honeypot: 'http://spam', ip: ip() }))
      .rejects.toThrow(/looks automated/);
    expect(await subscription('bot@example.com')).toBeNull();
  });

  it('refuses a form sent faster than the minimum fill time, or without / with a forged timestamp', async () => {
    await expect(submitSignupForm({ publicId, email: 'fast@example.com', formToken: formToken(publicId), ip: ip() })).rejects.toThrow(/too quickly/);
    await expect(submitSignupForm({ publicId, email: 'fast@example.com', ip: ip() })).rejects.toThrow(/expired/);
    const forged = fiveSecondsAgo().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(submitSignupForm({ publicId, email: 'fast@example.com', formToken: forged, ip: ip() })).rejects.toThrow(/expired/);
    expect(await subscription('fast@example.com')).toBeNull();
  });

  it('limits signups per IP and per list', async () => {
    await updateList({ tenantId }, listId, { name: 'Weekly', formSettings: { ipLimit: 2, listLimit: 3 } });
    const same = '192.0.2.99';
    await submitSignupForm({ publicId, email: 'a1@example.com', formToken: fiveSecondsAgo(), ip: same });
    await submitSignupForm({ publicId, email: 'a2@example.com', formToken: fiveSecondsAgo(), ip: same });
    await expect(submitSignupForm({ publicId, email: 'a3@example.com', formToken: fiveSecondsAgo(), ip: same })).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/your network/) });
    await submitSignupForm({ publicId, email: 'b1@example.com', formToken: fiveSecondsAgo(), ip: '192.0.2.100' });
    await expect(submitSignupForm({ publicId, email: 'b2@example.com', formToken: fiveSecondsAgo(), ip: '192.0.2.101' })).rejects.toThrow(/too many signups right now/);
    expect(await subscription('a3@example.com')).toBeNull();
    expect(await subscription('b2@example.com')).toBeNull();
  });

  it('an unknown form is a 404', async () => {
    await expect(getPublicForm('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPublicForm('../etc')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

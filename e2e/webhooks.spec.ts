// Settings → Webhooks in the built app against a real receiver (node:http on 127.0.0.1, let
// through by the stack's test allowance WEBHOOK_ALLOW_HOSTS=127.0.0.1): add an endpoint,
// keep its secret, edit its events, send a test event and a real one (a subscriber added through the REST
// API), see both in the delivery log with the receiver's answer, resend one (same
// webhook-id), rotate the secret (both signatures during the overlap), delete it.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { getDb } from '@rundbrief/db';
import { generateApiKey } from '@rundbrief/core';
import { login, OWNER } from './fixtures.ts';

test('an admin adds a webhook endpoint, sees deliveries with the answer, resends one, rotates and deletes', async ({ page, request }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`thanks #${received.length}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rundbrief`;
  try {
    await login(page);
    await page.goto('/app/settings/webhooks');
    await expect(page.getByText('No webhook endpoints yet')).toBeVisible();

    // Validation first: no event chosen, and a private address.
    await page.getByLabel('Endpoint URL').fill('https://10.0.0.5/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByText('Choose at least one event')).toBeVisible();
    await expect(page.getByText('Webhooks cannot go to loopback, private, link-local or metadata addresses')).toBeVisible();

    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByLabel('Description (optional)').fill('CRM sync');
    await page.getByRole('checkbox', { name: /subscriber\.created/ }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('new-webhook-secret').locator('code').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByTestId(`webhook-${url}`);
    await expect(row).toContainText('Enabled');

    // Edit: add an event (the form sits in the row's "Edit" disclosure).
    await row.getByText('Edit', { exact: true }).click();
    await row.getByRole('checkbox', { name: 'subscriber.confirmed' }).check();
    await row.getByRole('button', { name: 'Save changes' }).click();
    await expect(row.getByRole('status')).toHaveText('Saved.');
    await expect(row.locator('.badge', { hasText: 'subscriber.confirmed' })).toBeVisible();
    await row.getByText('Edit', { exact: true }).click();

    // A test event from the row, and a real event: a subscriber added through the API.
    await row.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const db = getDb();
    const member = await db.membership.findFirstOrThrow({ where: { user: { email: OWNER.email } }, select: { tenantId: true } });
    const list = await db.list.findFirstOrThrow({ where: { tenantId: member.tenantId } });
    const k = generateApiKey();
    await db.apiKey.create({ data: { tenantId: member.tenantId, name: 'webhooks e2e', prefix: k.prefix, keyHash: k.keyHash, scopes: ['subscribers:write'] } });
    const email = `hooked-${Date.now()}@example.org`;
    const created = await request.post('/api/v1/subscribers', { headers: { authorization: `Bearer ${k.key}` }, data: { email, listIds: [list.id] } });
    expect(created.status()).toBe(201);
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    const wh = new Webhook(secret);
    const bodies = received.map((r) => wh.verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type).sort()).toEqual(['subscriber.created', 'webhook.test']);
    expect(bodies.find((b) => b.type === 'subscriber.created')!.data).toMatchObject({ email, listId: list.id, source: 'API' });

    // The delivery log shows both with the receiver's answer.
    await page.reload();
    const log = page.locator('section', { has: page.getByRole('heading', { name: 'Delivery log' }) });
    await expect(log.getByText('2 deliveries, newest first.')).toBeVisible();
    const testRow = log.locator('tr', { hasText: 'webhook.test' });
    await expect(testRow).toContainText('Delivered');
    await expect(testRow).toContainText('HTTP 200');
    await testRow.locator('summary').click();
    await expect(testRow.locator('pre')).toHaveText(/thanks #\d/);

    // Resend the test event: the same webhook-id arrives again, the log counts 2 attempts.
    const firstTestId = received.find((r) => r.body.includes('webhook.test'))!.headers['webhook-id'];
    await testRow.getByRole('button', { name: 'Resend' }).click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(3);
    expect(received[2]!.headers['webhook-id']).toBe(firstTestId);
    await expect.poll(async () => {
      await page.reload();
      return (await log.locator('tr', { hasText: 'webhook.test' }).locator('td').nth(4).innerText()).trim();
    }, { timeout: 15_000 }).toBe('2');

    // Rotate (with confirmation): the next message carries two signatures, old and new verify.
    await row.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    const newSecret = (await page.getByTestId('rotated-webhook-secret').locator('code').innerText()).trim();
    expect(newSecret).not.toBe(secret);
    await row.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(4);
    const last = received[3]!;
    expect(String(last.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [secret, newSecret]) expect(new Webhook(s).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });

    // Disable, then delete (with confirmation).
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect(row).toContainText('Disabled');
    await expect(row.getByRole('button', { name: 'Send test event' })).toBeDisabled();
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete endpoint' }).click();
    await expect(page.getByText('No webhook endpoints yet')).toBeVisible();
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

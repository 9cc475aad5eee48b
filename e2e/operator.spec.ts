// Operator pages that replace SQL: a sending IP is added (a bad address is explained),
// disabled after confirmation and enabled again; a tenant's limits are saved; a platform
// blocklist entry is added and removed; a third sending IP added here carries a campaign
// (the sink sees it as the remote address). The demo owner is a platform operator (seed).
import { expect, test } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { login, openMail } from './fixtures';

/**
 * A random loopback address (the host can bind any of 127.0.0.0/8) that is not in the pool yet:
 * two random picks once collided, and the second spec met "127.0.0.12 is already in the pool."
 */
async function freeAddress(): Promise<string> {
  const taken = new Set((await getDb().sendingIp.findMany({ select: { address: true } })).map((ip) => ip.address));
  const free = Array.from({ length: 240 }, (_, i) => `127.0.0.${10 + i}`).filter((a) => !taken.has(a));
  return free[Math.floor(Math.random() * free.length)]!;
}

test('an operator adds a sending IP, disables it after confirming and enables it again', async ({ page }) => {
  // A warm-up cap of 1 keeps other specs' mail off it.
  const address = await freeAddress();
  await login(page);
  await page.goto('/admin/ips');
  const form = page.getByRole('form', { name: 'Add a sending IP' });
  await form.getByLabel('IP address').fill('127.0.0.300');
  await form.getByLabel('HELO name').fill('mta9.rundbrief.localhost');
  await form.getByLabel(/Warm-up cap/).fill('1');
  await form.getByRole('button', { name: 'Add IP' }).click();
  await expect(form.getByText('Enter an IPv4 or IPv6 address, such as 192.0.2.10.')).toBeVisible();

  await form.getByLabel('IP address').fill(address);
  await form.getByRole('button', { name: 'Add IP' }).click();
  const row = page.getByTestId('sending-ips').getByRole('row').filter({ hasText: address });
  await expect(row).toContainText('mta9.rundbrief.localhost');
  await expect(row).toContainText('1/day, doubling daily');
  await expect(row.getByText('active', { exact: true })).toBeVisible();

  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable IP' }).click();
  await expect(row.getByText('disabled', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row.getByText('active', { exact: true })).toBeVisible();
  // Leave it out of rotation for the other specs.
  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable IP' }).click();
  await expect(row.getByText('disabled', { exact: true })).toBeVisible();
});

test('an operator sets a tenant’s limits (an out-of-range rate is explained)', async ({ page }) => {
  await login(page);
  await page.goto('/admin/tenants');
  const form = page.getByRole('form').filter({ has: page.getByRole('button', { name: 'Save limits' }) }).first();
  const rate = form.getByLabel('Per minute');
  const before = await rate.inputValue();
  await rate.evaluate((el) => el.removeAttribute('max'));
  await rate.fill('100001');
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.getByText('At most 100,000 messages per minute.')).toBeVisible();
  await rate.fill(before);
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
});

test('an operator adds a platform blocklist entry and removes it after confirming', async ({ page }) => {
  const domain = `e2e-${Date.now().toString(36)}.example`;
  await login(page);
  await page.goto('/admin/blocklist');
  const form = page.getByRole('form', { name: 'Add a blocklist entry' });
  await form.getByLabel('Address or domain').fill('not a domain');
  await form.getByRole('button', { name: 'Add to blocklist' }).click();
  await expect(form.getByText('Enter an address (user@example.com) or a domain (example.com).')).toBeVisible();
  await form.getByLabel('Address or domain').fill(domain);
  await form.getByLabel('Kind').selectOption('FORM_SPAM_DOMAIN');
  await form.getByRole('button', { name: 'Add to blocklist' }).click();
  const row = page.getByTestId('blocklist').getByRole('row').filter({ hasText: domain });
  await expect(row).toContainText('form spam domain');
  await row.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('blocklist').getByRole('row').filter({ hasText: domain })).toHaveCount(0);
});

test('an operator adds a third sending IP and sees a campaign leave from it', async ({ page }) => {
  test.setTimeout(240_000);
  // On Linux every 127.0.0.0/8 address is local: the worker binds it as the source address.
  const db = getDb();
  const address = await freeAddress();
  // The pool as the other specs expect it, put back whatever happens here.
  const before = await db.sendingIp.findMany({ select: { id: true, status: true } });
  try {
    await login(page);
    await page.goto('/admin/ips');
    const form = page.getByRole('form', { name: 'Add a sending IP' });
    await form.getByLabel('IP address').fill(address);
    await form.getByLabel('HELO name').fill('mta3.rundbrief.localhost');
    await form.getByRole('button', { name: 'Add IP' }).click();
    const table = page.getByTestId('sending-ips');
    await expect(table.getByRole('row').filter({ has: page.getByText(address, { exact: true }) }).getByText('active', { exact: true })).toBeVisible();
    // Only the new IP in rotation, so every mail of the campaign must leave from it.
    for (const other of (await db.sendingIp.findMany({ where: { status: 'ACTIVE', address: { not: address } } })).map((ip) => ip.address)) {
      const row = table.getByRole('row').filter({ has: page.getByText(other, { exact: true }) });
      await row.getByRole('button', { name: 'Disable' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disable IP' }).click();
      await expect(row.getByText('disabled', { exact: true })).toBeVisible();
    }

    const tag = Math.random().toString(36).slice(2, 8);
    await page.goto('/app/campaigns');
    await page.getByRole('textbox', { name: 'Name' }).fill(`Third IP ${tag}`);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
    await page.getByLabel('From', { exact: true }).selectOption({ label: 'Demo Shop <news@demo.rundbrief.localhost>' });
    await page.getByLabel('Subject', { exact: true }).fill(`Third IP ${tag}`);
    await page.getByLabel('Preheader', { exact: true }).fill('From the new address');
    await page.getByRole('checkbox', { name: 'Newsletter' }).check();
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await expect(page.getByText('Saved. The checklist below is up to date.')).toBeVisible();
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('dialog', { name: 'Send this campaign now?' }).getByRole('button', { name: 'Start sending' }).click();
    await expect(page.getByTestId('campaign-progress')).toHaveAttribute('data-status', 'SENT', { timeout: 180_000 });

    await openMail(page, `Third IP ${tag}`);
    await expect(page.getByTestId('remote-ip')).toHaveText(address);
    // Every mail of the campaign in the sink came from the new address.
    const received = await db.sinkMessage.findMany({ where: { subject: `Third IP ${tag}` }, select: { remoteIp: true } });
    expect(received.length).toBeGreaterThan(0);
    expect(new Set(received.map((m) => m.remoteIp))).toEqual(new Set([address]));
    // The operator sees that volume on the new IP, per recipient domain.
    await page.goto('/admin/ips');
    await expect(page.getByTestId(`ip-volume-${address}`).locator('caption')).toContainText(`${received.length} in 24 h`);
  } finally {
    for (const ip of before) await db.sendingIp.update({ where: { id: ip.id }, data: { status: ip.status } });
    await db.sendingIp.updateMany({ where: { address }, data: { status: 'DISABLED' } });
  }
});

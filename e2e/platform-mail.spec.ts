// Platform mail in the browser: the operator page lists the platform domain's records with
// their live status and rotates the key (activation refused while DNS lacks the new record);
// an invitation that bounces (a DSN sent over SMTP to the inbound server, at the envelope
// sender the sink recorded) is shown to the inviting admin and to the operator.
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import { login, openMail } from './fixtures';

const INBOUND_PORT = Number(process.env.INBOUND_SMTP_PORT ?? 2626);

/** One SMTP transaction with a null reverse-path, as a receiving MTA returns a DSN. */
function sendDsn(to: string, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(INBOUND_PORT, '127.0.0.1');
    const steps = ['EHLO mx.receiver.example', 'MAIL FROM:<>', `RCPT TO:<${to}>`, 'DATA', `${raw.replace(/\r?\n/g, '\r\n')}\r\n.`, 'QUIT'];
    let buffer = '';
    const replies: string[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // a complete reply ends with a line "NNN text" (no dash after the code)
      const lines = buffer.split('\r\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!/^\d{3} /.test(line)) continue;
        replies.push(line);
        if (!line.startsWith('2') && !line.startsWith('3')) return reject(new Error(`inbound SMTP said ${line}`));
        const next = steps.shift();
        if (next) socket.write(`${next}\r\n`);
        else { socket.end(); resolve(replies.join('\n')); }
      }
    });
    socket.on('error', reject);
  });
}

test('an operator sees the platform mail records and cannot activate a new key DNS does not serve', async ({ page }) => {
  await login(page);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Platform mail' }).click();
  await expect(page.getByRole('heading', { name: 'Platform mail', level: 1 })).toBeVisible();
  const dkim = page.getByTestId('record-DKIM');
  await expect(dkim.getByTestId('record-name')).toContainText(/rbp\w+\._domainkey\.rundbrief\.localhost/);
  await expect(dkim.getByTestId('record-value')).toContainText('v=DKIM1; k=rsa; p=');
  await expect(dkim.getByTestId('record-status')).toHaveText(/^(pass|fail)$/);
  await expect(page.getByTestId('record-MX').getByTestId('record-name')).toContainText('bounces.rundbrief.localhost');

  await page.getByRole('button', { name: 'Rotate: prepare a new key' }).click();
  const next = page.getByTestId('record-DKIM-next');
  await expect(next.getByTestId('record-status')).toHaveText('fail');
  await page.getByRole('button', { name: 'Activate the new key' }).click();
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'does not check out yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Discard the new key' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Discard key' }).click();
  await expect(next).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Rotate: prepare a new key' })).toBeVisible();
});

test('a bounced invitation is shown to the inviting admin and to the operator', async ({ page }) => {
  const to = `gone-${Date.now().toString(36)}@receiver.example`;
  await login(page);
  await page.goto('/app/settings/members');
  await page.getByLabel('E-mail').fill(to);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(to).first()).toBeVisible();

  await openMail(page, to);
  const envelope = await page.getByText(/MAIL FROM:</).textContent();
  const returnPath = /MAIL FROM:<(p-[0-9a-f]{32}-[0-9a-f]{8}@[^>]+)>/.exec(envelope ?? '')?.[1];
  expect(returnPath, `envelope: ${envelope}`).toBeTruthy();

  await sendDsn(returnPath!, [
    'From: MAILER-DAEMON@mx.receiver.example (Mail Delivery System)',
    `To: ${returnPath}`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    '',
    '--B1',
    'Content-Type: text/plain',
    '',
    `<${to}>: host mx.receiver.example said: 550 5.1.1 User unknown`,
    '',
    '--B1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.receiver.example',
    '',
    `Final-Recipient: rfc822; ${to}`,
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 <' + to + '>: Recipient address rejected: User unknown',
    '',
    '--B1--',
    '',
  ].join('\n'));

  const notice = page.getByTestId('invitation-bounce').filter({ hasText: to });
  await expect(async () => {
    await page.goto('/app/settings/members');
    await expect(notice).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [500, 1000, 2000] });
  await expect(notice).toContainText(`Invitation to ${to} bounced:`);
  await expect(notice).toContainText('User unknown');

  await page.goto('/admin/platform-mail');
  const row = page.getByTestId('platform-bounces').getByRole('row').filter({ hasText: to });
  await expect(row).toContainText('invitation');
  await expect(row).toContainText('hard');
});

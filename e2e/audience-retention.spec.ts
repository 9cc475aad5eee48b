// A refusal report past retention: the import page says it was deleted and why (no broken
// download link), and the report URL answers 410 with the same words, not a 500.
import { expect, test } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeQueues } from '@rundbrief/core';
import { login } from './fixtures.ts';

const stamp = Date.now().toString(36);
let listId = '';
let importId = '';

test.beforeAll(async () => {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: `Retention e2e ${stamp}` } });
  listId = list.id;
  // What the maintenance sweep leaves behind: a finished import whose report path is gone.
  const imp = await db.import.create({
    data: {
      tenantId: tenant.id, listId, fileName: 'old.csv', status: 'DONE', totalRows: 10, processedRows: 10, importedRows: 8, refusedRows: 2,
      reportPath: null, finishedAt: new Date(Date.now() - 8 * 86_400_000),
    },
  });
  importId = imp.id;
});

test.afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

test('an expired refusal report is explained, and its URL answers 410 in words', async ({ page }) => {
  await login(page);
  await page.goto(`/app/lists/${listId}/imports/${importId}`);
  await expect(page.getByTestId('import-done')).toContainText('8 of 10 rows imported, 2 refused');
  await expect(page.getByTestId('report-expired')).toContainText('reports are kept for 7 days');
  await expect(page.getByRole('link', { name: /refusal report/ })).toHaveCount(0);

  const res = await page.request.get(`/app/lists/${listId}/imports/${importId}/report`);
  expect(res.status()).toBe(410);
  expect(await res.text()).toContain('The refusal report of this import has been deleted');
});

// The API reference in the built app: /api/v1/openapi.json answers without a session or key,
// and the page linked from Settings → API keys renders one section per documented operation.
import { expect, test } from '@playwright/test';
import { login } from './fixtures.ts';

test('the OpenAPI document is public and the API reference page renders every operation from it', async ({ page, playwright }) => {
  const anon = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const res = await anon.get('/api/v1/openapi.json');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toMatch(/public/);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(doc.openapi).toBe('3.1.0');
  const ops = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`));
  expect(ops).toContain('POST /api/v1/campaigns/{id}/send');
  await anon.dispose();

  await login(page);
  await page.goto('/app/settings/api-keys');
  await page.getByRole('link', { name: 'API reference' }).click();
  await expect(page).toHaveURL(/\/app\/settings\/api-keys\/reference$/);
  await expect(page.locator('[data-operation]')).toHaveCount(ops.length);
  const send = page.locator('[data-operation="POST /api/v1/campaigns/{id}/send"]');
  await expect(send).toContainText('campaigns:write');
  await expect(send).toContainText('412');
  const create = page.locator('[data-operation="POST /api/v1/subscribers"]');
  await expect(create.getByText('listIds', { exact: true })).toBeVisible();
});

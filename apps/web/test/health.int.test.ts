import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { GET } from '../app/api/health/route.ts';
import { checkHealth } from '../lib/health.ts';

describe('GET /api/health', () => {
  afterAll(() => getDb().$disconnect());

  it('reports 200 with both services ok', async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ db: 'ok', redis: 'ok' });
  });

  it('reports 503 naming Redis when Redis is unreachable, quickly', async () => {
    const started = Date.now();
    // Port 1 on loopback: nothing listens, the connection is refused.
    const { status, body } = await checkHealth('redis://127.0.0.1:1');
    expect(status).toBe(503);
    expect(body).toEqual({ db: 'ok', redis: 'error' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

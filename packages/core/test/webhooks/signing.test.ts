// Our signatures against the standardwebhooks package's own signer (an independent
// implementation of the specification), and the retry schedule.
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signPayload, webhookHeaders } from '../../src/webhooks/signing.ts';
import { retryDelayMs } from '../../src/webhooks/settings.ts';

describe('webhook signing', () => {
  it('signs exactly as a Standard Webhooks implementation does', () => {
    for (let i = 0; i < 20; i++) {
      const secret = newWebhookSecret();
      const id = `msg_${i}_${Math.random().toString(36).slice(2)}`;
      const ts = 1_700_000_000 + i * 977;
      const body = JSON.stringify({ type: 'subscriber.created', timestamp: new Date(ts * 1000).toISOString(), data: { i, text: 'Grüße \u2028 "quoted"' } });
      expect(signPayload(secret, id, ts, body)).toBe(new Webhook(secret).sign(id, new Date(ts * 1000), body));
    }
  });

  it('puts both signatures, space-separated, into one header during a rotation overlap', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const h = webhookHeaders([b, a], 'msg_1', 1_700_000_000, '{}');
    expect(h['webhook-signature']).toBe(`${signPayload(b, 'msg_1', 1_700_000_000, '{}')} ${signPayload(a, 'msg_1', 1_700_000_000, '{}')}`);
    expect(h).toMatchObject({ 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000' });
  });

  it('backs off exponentially from the base, capped', () => {
    const s = { retryBaseMs: 30_000, retryMaxMs: 4 * 3_600_000 };
    expect([1, 2, 3, 4, 9, 10, 20].map((n) => retryDelayMs(n, s))).toEqual([30_000, 60_000, 120_000, 240_000, 7_680_000, 14_400_000, 14_400_000]);
  });
});

// Signatures in the manner of Standard Webhooks (https://www.standardwebhooks.com/):
// webhook-id, webhook-timestamp (Unix seconds) and webhook-signature "v1,<base64 HMAC-SHA256
// of `${id}.${timestamp}.${body}`>", the key being the base64 part of the whsec_ secret.
// During a rotation overlap both secrets sign: the signatures are space-separated and a
// receiver accepts the message when any one matches a secret it knows.
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new secret: whsec_ + 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export function signPayload(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three headers of one attempt; `secrets` current first, then the previous one while it overlaps. */
export function webhookHeaders(secrets: string[], id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signPayload(s, id, timestamp, body)).join(' '),
  };
}

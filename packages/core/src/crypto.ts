// Secrets at rest (AES-256-GCM) and signed public tokens (HMAC-SHA256, scoped by purpose).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { coreEnv } from './env.ts';

function key(): Buffer {
  return Buffer.from(coreEnv().ENCRYPTION_KEY, 'hex');
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptSecret(enc: string): string {
  const [v, iv, tag, body] = enc.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('Malformed encrypted secret');
  const d = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

// The key as bytes, converted once per value: an HMAC with a string key converts it on every
// call (about 40 % of the cost of a token; a campaign mail carries five).
let secretKey: { secret: string; key: Buffer } | undefined;
export function appSecretKey(): Buffer {
  const secret = coreEnv().APP_SECRET;
  if (secretKey?.secret !== secret) secretKey = { secret, key: Buffer.from(secret, 'utf8') };
  return secretKey.key;
}

function mac(purpose: string, payload: string): string {
  return createHmac('sha256', appSecretKey()).update(`${purpose}\n${payload}`).digest('base64url');
}

/** A token that only verifies for the same purpose ("unsub", "open", "confirm", ...). */
export function signToken(purpose: string, data: Record<string, unknown>): string {
  return signPayload(purpose, tokenPayload(data));
}

/** The payload part of a token (base64url JSON), for signing one payload for several purposes. */
export const tokenPayload = (data: Record<string, unknown>) => Buffer.from(JSON.stringify(data)).toString('base64url');

/** signToken for a payload made by tokenPayload. */
export function signPayload(purpose: string, payload: string): string {
  return `${payload}.${mac(purpose, payload)}`;
}

export function verifyToken<T = Record<string, unknown>>(purpose: string, token: string): T | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const want = Buffer.from(mac(purpose, payload));
  if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}

// The HMAC key of link tokens and VERP tags is the APP_SECRET's UTF-8 bytes, converted once:
// tokens and return paths made before (string key per call) still verify, and the key follows
// a changed APP_SECRET (tests and key rotation set it at runtime).
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../src/crypto.ts';
import { parseVerp, verpAddress } from '../../src/deliverability/verp.ts';
import { coreEnv } from '../../src/env.ts';

const ID = '0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const compact = ID.replace(/-/g, '');
const original = coreEnv().APP_SECRET;

describe('token and VERP keys', () => {
  afterEach(() => {
    coreEnv().APP_SECRET = original;
  });

  it('sign exactly as an HMAC keyed with the APP_SECRET string', () => {
    const secret = coreEnv().APP_SECRET;
    const payload = Buffer.from(JSON.stringify({ m: ID })).toString('base64url');
    expect(signToken('unsub', { m: ID })).toBe(`${payload}.${createHmac('sha256', secret).update(`unsub\n${payload}`).digest('base64url')}`);
    const tag = createHmac('sha256', secret).update(`verp\n${compact}`).digest('hex').slice(0, 8);
    expect(verpAddress(ID, 'bounces.example')).toBe(`b-${compact}-${tag}@bounces.example`);
  });

  it('follow a changed APP_SECRET: old tokens stop verifying, new ones verify', () => {
    const token = signToken('unsub', { m: ID });
    const verp = verpAddress(ID, 'bounces.example');
    coreEnv().APP_SECRET = 'another-app-secret-ÄÖÜ-0123456789abcdef0123';
    expect(verifyToken('unsub', token)).toBeNull();
    expect(parseVerp(verp)).toBeNull();
    const fresh = signToken('unsub', { m: ID });
    expect(verifyToken<{ m: string }>('unsub', fresh)?.m).toBe(ID);
    expect(parseVerp(verpAddress(ID, 'bounces.example'))).toBe(ID);
    const payload = fresh.split('.')[0]!;
    expect(fresh.split('.')[1]).toBe(createHmac('sha256', 'another-app-secret-ÄÖÜ-0123456789abcdef0123').update(`unsub\n${payload}`).digest('base64url'));
  });
});

import { describe, expect, it } from 'vitest';
import { clientIp } from '../lib/client-ip.ts';

describe('clientIp', () => {
  it('prefers the peer address set by server.mjs over a client-sent X-Forwarded-For', () => {
    expect(clientIp(new Headers({ 'x-rundbrief-peer': '::ffff:127.0.0.1', 'x-forwarded-for': '6.6.6.6' }))).toBe('127.0.0.1');
    expect(clientIp({ 'x-rundbrief-peer': '2001:db8::1', 'x-forwarded-for': '6.6.6.6' })).toBe('2001:db8::1');
  });

  it('falls back to the first X-Forwarded-For entry (next dev), then to 0.0.0.0', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.5, 10.0.0.1' }))).toBe('203.0.113.5');
    expect(clientIp({ 'x-forwarded-for': ['198.51.100.1'] })).toBe('198.51.100.1');
    expect(clientIp(new Headers())).toBe('0.0.0.0');
  });
});

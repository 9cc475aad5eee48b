import { describe, expect, it } from 'vitest';
import { isIpAllowed, parseCidr, resolveClientIp, allowlistSchema } from '../../src/accounts/ip-allowlist.ts';

const list = (...cidrs: string[]) => cidrs.map((cidr) => ({ cidr, comment: '' }));

describe('IP allowlist', () => {
  it('allows everyone while the list is empty', () => {
    expect(isIpAllowed([], '203.0.113.9')).toBe(true);
  });

  it('matches IPv4 prefixes exactly at their boundaries', () => {
    const l = list('10.0.0.0/8', '192.168.1.0/24', '203.0.113.7/32', '172.16.0.0/12');
    expect(isIpAllowed(l, '10.0.0.0')).toBe(true);
    expect(isIpAllowed(l, '10.255.255.255')).toBe(true);
    expect(isIpAllowed(l, '11.0.0.0')).toBe(false);
    expect(isIpAllowed(l, '9.255.255.255')).toBe(false);
    expect(isIpAllowed(l, '192.168.1.255')).toBe(true);
    expect(isIpAllowed(l, '192.168.2.0')).toBe(false);
    expect(isIpAllowed(l, '203.0.113.7')).toBe(true);
    expect(isIpAllowed(l, '203.0.113.8')).toBe(false);
    expect(isIpAllowed(l, '172.31.255.255')).toBe(true);
    expect(isIpAllowed(l, '172.32.0.0')).toBe(false);
  });

  it('treats /0 as everything of that family only', () => {
    expect(isIpAllowed(list('0.0.0.0/0'), '255.255.255.255')).toBe(true);
    expect(isIpAllowed(list('0.0.0.0/0'), '2001:db8::1')).toBe(false);
    expect(isIpAllowed(list('::/0'), '2001:db8::1')).toBe(true);
    expect(isIpAllowed(list('::/0'), '198.51.100.1')).toBe(false);
  });

  it('matches IPv6 prefixes, compressed forms and /128', () => {
    const l = list('2001:db8::/32', 'fe80::1/128', '2001:db8:abcd:12::/64');
    expect(isIpAllowed(l, '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(true);
    expect(isIpAllowed(l, '2001:db9::')).toBe(false);
    expect(isIpAllowed(l, '2001:0DB8:0000::0001')).toBe(true);
    expect(isIpAllowed(l, 'fe80::1')).toBe(true);
    expect(isIpAllowed(l, 'fe80::2')).toBe(false);
    expect(isIpAllowed(list('2001:db8:abcd:12::/64'), '2001:db8:abcd:12:ffff::1')).toBe(true);
    expect(isIpAllowed(list('2001:db8:abcd:12::/64'), '2001:db8:abcd:13::1')).toBe(false);
    expect(isIpAllowed(list('2001:db8::/127'), '2001:db8::1')).toBe(true);
    expect(isIpAllowed(list('2001:db8::/127'), '2001:db8::2')).toBe(false);
  });

  it('matches IPv4-mapped IPv6 addresses as IPv4 and strips brackets and zone ids', () => {
    expect(isIpAllowed(list('127.0.0.0/8'), '::ffff:127.0.0.1')).toBe(true);
    expect(isIpAllowed(list('127.0.0.0/8'), '::ffff:7f00:1')).toBe(true);
    expect(isIpAllowed(list('::1/128'), '[::1]')).toBe(true);
    expect(isIpAllowed(list('fe80::/10'), 'fe80::1%eth0')).toBe(true);
  });

  it('refuses unknown or garbage client addresses when a list is set', () => {
    expect(isIpAllowed(list('10.0.0.0/8'), null)).toBe(false);
    expect(isIpAllowed(list('10.0.0.0/8'), 'not-an-ip')).toBe(false);
    expect(isIpAllowed(list('10.0.0.0/8'), '10.0.0.256')).toBe(false);
  });

  it('rejects malformed entries with a message that says what is wrong', () => {
    expect(parseCidr('10.0.0.5/8')).toEqual({ error: expect.stringContaining('the network is 10.0.0.0/8') });
    expect(parseCidr('2001:db8::1/32')).toEqual({ error: expect.stringContaining('2001:db8::/32') });
    expect(parseCidr('10.0.0.0/33')).toEqual({ error: expect.stringContaining('0-32') });
    expect(parseCidr('::/129')).toEqual({ error: expect.stringContaining('0-128') });
    expect(parseCidr('example.com')).toEqual({ error: expect.stringContaining('not an IPv4 or IPv6') });
    expect(parseCidr('1.2.3.4')).toMatchObject({ family: 4, prefix: 32 });
    const parsed = allowlistSchema.safeParse([{ cidr: '10.0.0.1/8', comment: 'office' }]);
    expect(parsed.success).toBe(false);
  });

  it('believes X-Forwarded-For only from a trusted proxy peer, walking it from the right past trusted hops', () => {
    const spoofed = { peer: '127.0.0.1', forwardedFor: '198.51.100.20' };
    expect(resolveClientIp(spoofed, [])).toBe('127.0.0.1');
    expect(resolveClientIp(spoofed, ['10.0.0.0/8'])).toBe('127.0.0.1');
    expect(resolveClientIp(spoofed, ['127.0.0.1'])).toBe('198.51.100.20');
    // The client's own entries sit left of what the trusted proxies appended.
    const chain = { peer: '10.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.20, 10.0.0.7' };
    expect(resolveClientIp(chain, ['10.0.0.0/8'])).toBe('198.51.100.20');
    expect(resolveClientIp(chain, ['10.0.0.1/32'])).toBe('10.0.0.7');
    // Every hop a trusted proxy: the left-most is as far as we can see.
    expect(resolveClientIp({ peer: '10.0.0.1', forwardedFor: '10.0.0.9' }, ['10.0.0.0/8'])).toBe('10.0.0.9');
    expect(resolveClientIp({ peer: '10.0.0.1', forwardedFor: null }, ['10.0.0.0/8'])).toBe('10.0.0.1');
    // Garbage where the client should be: unknown, never the proxy's own address.
    expect(resolveClientIp({ peer: '10.0.0.1', forwardedFor: 'evil, 10.0.0.2' }, ['10.0.0.0/8'])).toBeNull();
    expect(resolveClientIp({ peer: '::ffff:192.0.2.1' }, [])).toBe('192.0.2.1');
    expect(resolveClientIp({ peer: '::ffff:127.0.0.1', forwardedFor: '2001:DB8::1' }, ['127.0.0.0/8'])).toBe('2001:db8::1');
    expect(resolveClientIp({ peer: null, forwardedFor: '198.51.100.20' }, ['127.0.0.1'])).toBeNull();
  });
});

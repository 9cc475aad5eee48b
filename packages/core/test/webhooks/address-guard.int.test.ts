// The address guard of outgoing webhooks against real listeners on loopback: with the test
// allowance off, loopback, private, link-local, metadata, unspecified, IPv4-mapped and a
// host name resolving to loopback are refused before any byte is sent (the listener sees
// nothing), also as a redirect target; with the allowance set, exactly the allowed address
// goes through and a redirect from it to another private address is still refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressRefused, forbiddenAddress, guardedPost } from '../../src/webhooks/address-guard.ts';
import { startReceiver } from './helpers.ts';

const post = (url: string, allowHosts: string[] = []) =>
  guardedPost(url, { headers: {}, body: '{}', timeoutMs: 2000, allowHosts });

describe('webhook address guard', () => {
  let loop: Awaited<ReturnType<typeof startReceiver>>;
  let loop2: Awaited<ReturnType<typeof startReceiver>>;
  let v6: Awaited<ReturnType<typeof startReceiver>> | null = null;
  beforeAll(async () => {
    loop = await startReceiver();
    loop2 = await startReceiver(() => ({ status: 200, body: 'second' }), '127.0.0.2');
    v6 = await startReceiver(() => ({ status: 200 }), '::1').catch(() => null);
  });
  afterAll(async () => {
    await loop.close();
    await loop2.close();
    await v6?.close();
  });

  it('classifies the forbidden ranges (IPv4, IPv6, IPv4-mapped) and lets public addresses pass', () => {
    for (const ip of ['127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '169.254.1.1', '0.0.0.0',
      '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '::7f00:1', '64:ff9b::a00:1']) {
      expect(forbiddenAddress(ip), ip).not.toBeNull();
    }
    for (const ip of ['93.184.215.14', '1.1.1.1', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1']) expect(forbiddenAddress(ip), ip).toBeNull();
  });

  it('refuses loopback, private, link-local/metadata, [::1] and a name resolving to loopback without the allowance', async () => {
    const targets = [
      loop.url, `http://127.0.0.2:${loop2.port}/`, 'http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/',
      `http://[::1]:${v6?.port ?? 9}/`, `http://[::ffff:127.0.0.1]:${loop.port}/`, `http://localhost:${loop.port}/`, 'http://0.0.0.0/', 'http://100.64.1.1/',
    ];
    for (const url of targets) await expect(post(url), url).rejects.toBeInstanceOf(AddressRefused);
    expect(loop.received).toHaveLength(0);
    expect(loop2.received).toHaveLength(0);
    expect(v6?.received ?? []).toHaveLength(0);
  });

  it('with WEBHOOK_ALLOW_HOSTS=127.0.0.1 only that address goes through; a redirect to another private address is refused', async () => {
    expect(await post(loop.url, ['127.0.0.1'])).toMatchObject({ status: 200, body: 'ok' });
    await expect(post(`http://127.0.0.2:${loop2.port}/`, ['127.0.0.1'])).rejects.toBeInstanceOf(AddressRefused);

    const redirecting = await startReceiver((n) => ({ status: 307, headers: { location: n === 1 ? `http://127.0.0.2:${loop2.port}/stolen` : 'http://10.0.0.1/x' } }));
    try {
      await expect(post(redirecting.url, ['127.0.0.1'])).rejects.toThrow(/127\.0\.0\.2/);
      await expect(post(redirecting.url, ['127.0.0.1'])).rejects.toThrow(/10\.0\.0\.1/);
      expect(loop2.received).toHaveLength(0);
      // A redirect to an allowed place is followed (307 keeps the POST and its body).
      const hop = await startReceiver(() => ({ status: 308, headers: { location: loop.url } }));
      try {
        expect(await post(hop.url, ['127.0.0.1'])).toMatchObject({ status: 200, url: loop.url });
        expect(loop.received.at(-1)).toMatchObject({ body: '{}' });
      } finally {
        await hop.close();
      }
    } finally {
      await redirecting.close();
    }
  });

  it('follows at most 3 redirects', async () => {
    const loopy = await startReceiver(() => ({ status: 307, headers: { location: '/again' } }));
    try {
      await expect(post(loopy.url, ['127.0.0.1'])).rejects.toThrow(/Too many redirects/);
      expect(loopy.received).toHaveLength(4);
    } finally {
      await loopy.close();
    }
  });
});

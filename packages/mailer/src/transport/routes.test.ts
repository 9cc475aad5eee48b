import { describe, expect, it } from 'vitest';
import { parseRelayUrl, parseStaticRoutes, resolveRoute } from './routes.ts';

describe('delivery routes', () => {
  it('parses a smarthost URL with credentials', () => {
    expect(parseRelayUrl('smtp://user%40x:p%3Ass@relay.example:587')).toEqual({
      host: 'relay.example', port: 587, secure: false, auth: { user: 'user@x', pass: 'p:ss' },
    });
    expect(parseRelayUrl('smtps://relay.example').port).toBe(465);
    expect(() => parseRelayUrl('http://x')).toThrow(/smtp/);
  });

  it('static routes override relay and MX; "*" matches every domain', async () => {
    const staticRoutes = parseStaticRoutes('a.test=127.0.0.1:2600, *=127.0.0.1:2525');
    const cfg = { mode: 'mx' as const, relayUrl: 'smtp://relay:25', staticRoutes };
    expect(await resolveRoute(cfg, 'a.test')).toEqual({ host: '127.0.0.1', port: 2600, secure: false });
    expect(await resolveRoute(cfg, 'other.test')).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
    expect(() => parseStaticRoutes('nonsense')).toThrow(/domain=host:port/);
  });

  it('relay mode sends every domain to the smarthost', async () => {
    expect(await resolveRoute({ mode: 'relay', relayUrl: 'smtp://127.0.0.1:2525', staticRoutes: {} }, 'gmail.com'))
      .toMatchObject({ host: '127.0.0.1', port: 2525 });
  });
});

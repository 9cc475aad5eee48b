import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '@rundbrief/mailer/transport/self-signed-cert';
import { loadInboundTls } from '../../src/inbound/tls.ts';

const dir = mkdtempSync(join(tmpdir(), 'rb-inbound-tls-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('inbound TLS certificate', () => {
  it('without files: a self-signed certificate for the server name', () => {
    const tls = loadInboundTls({ hostname: 'mx.bounces.example' });
    expect(tls.source).toBe('self-signed');
    expect(new X509Certificate(tls.cert).subject).toBe('CN=mx.bounces.example');
  });

  it('reads the configured PEM files', () => {
    const pair = createSelfSignedCertificate({ commonName: 'mx.real.example' });
    const tls = loadInboundTls({ certPath: file('c.pem', pair.cert), keyPath: file('k.pem', pair.key), hostname: 'x' });
    expect(tls).toEqual({ ...pair, source: 'files' });
  });

  it('refuses at start: only one of the two, an unreadable file, a key of another certificate', () => {
    const a = createSelfSignedCertificate({ commonName: 'a.example' });
    const b = createSelfSignedCertificate({ commonName: 'b.example' });
    expect(() => loadInboundTls({ certPath: file('a.pem', a.cert), hostname: 'x' })).toThrow(/set both or neither/);
    expect(() => loadInboundTls({ certPath: join(dir, 'missing.pem'), keyPath: file('ak.pem', a.key), hostname: 'x' })).toThrow(/Cannot read the inbound TLS certificate .*missing\.pem/);
    expect(() => loadInboundTls({ certPath: file('a2.pem', a.cert), keyPath: file('bk.pem', b.key), hostname: 'x' })).toThrow(/not a usable pair/);
    expect(() => loadInboundTls({ certPath: file('junk.pem', 'not a certificate'), keyPath: file('ak2.pem', a.key), hostname: 'x' })).toThrow(/not a usable pair/);
  });
});

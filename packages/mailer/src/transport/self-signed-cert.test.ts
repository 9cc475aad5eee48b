import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from './self-signed-cert.ts';

describe('self-signed certificate', () => {
  it('parses as X.509 v3, is signed by its own key and names the host', () => {
    const { key, cert } = createSelfSignedCertificate({ commonName: 'inbound.example', altNames: ['127.0.0.1'] });
    const x = new X509Certificate(cert);
    expect(x.subject).toBe('CN=inbound.example');
    expect(x.issuer).toBe('CN=inbound.example');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x.checkHost('inbound.example')).toBe('inbound.example');
    expect(x.checkHost('other.example')).toBeUndefined();
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.ca).toBe(false);
    expect(new Date(x.validTo).getTime()).toBeGreaterThan(Date.now() + 800 * 86_400_000);
    expect(() => createSecureContext({ key, cert })).not.toThrow();
  });

  it('a fresh key and serial every time', () => {
    const a = new X509Certificate(createSelfSignedCertificate({ commonName: 'a.example' }).cert);
    const b = new X509Certificate(createSelfSignedCertificate({ commonName: 'a.example' }).cert);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.fingerprint256).not.toBe(b.fingerprint256);
  });
});

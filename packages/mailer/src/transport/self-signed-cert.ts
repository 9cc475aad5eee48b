// A self-signed X.509 certificate built with node:crypto alone (no openssl binary, no
// dependency): the inbound SMTP server offers STARTTLS with it when no certificate is
// configured (sending MTAs encrypt opportunistically and do not verify an MX certificate,
// RFC 7435), and the transport tests use it for their TLS peers. ECDSA P-256 / SHA-256.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

export type CertificatePair = { key: string; cert: string };

// Minimal DER (ITU-T X.690): definite lengths, only the types a certificate needs.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, item: Buffer) => tlv(0xa0 + n, item);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a! + b!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

// RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

function subjectAltNames(names: string[]): Buffer {
  return seq(...names.map((name) => {
    if (isIP(name) === 4) return tlv(0x87, Buffer.from(name.split('.').map(Number)));
    return tlv(0x82, Buffer.from(name, 'ascii')); // dNSName, IA5String
  }));
}

/** A fresh key pair and a certificate for `commonName` (also the first subjectAltName). */
export function createSelfSignedCertificate(opts: { commonName: string; altNames?: string[]; days?: number }): CertificatePair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8(opts.commonName))));
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and without a leading zero octet
  const notBefore = new Date(Date.now() - 3600_000); // tolerate a peer's clock running behind
  const notAfter = new Date(Date.now() + (opts.days ?? 825) * 86_400_000);
  const altNames = [...new Set([opts.commonName, ...(opts.altNames ?? [])])];
  const extensions = seq(
    seq(oid('2.5.29.19'), octets(seq())), // basicConstraints: not a CA
    seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))), // extKeyUsage: serverAuth
    seq(oid('2.5.29.17'), octets(subjectAltNames(altNames))),
  );
  const tbs = seq(
    explicit(0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, serial),
    ecdsaWithSha256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA-Sig-Value
  const der = seq(tbs, ecdsaWithSha256, bits(signature));
  const pem = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    cert: `-----BEGIN CERTIFICATE-----\n${pem}\n-----END CERTIFICATE-----\n`,
  };
}

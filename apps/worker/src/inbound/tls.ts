// The certificate the inbound server offers with STARTTLS. Sending MTAs encrypt
// opportunistically and rarely verify an MX certificate (RFC 7435; MTA-STS / DANE are the
// exceptions and need a CA-issued or TLSA-pinned one), so without configured files the
// server makes itself a self-signed certificate at start rather than offering no TLS.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { createSelfSignedCertificate } from '@rundbrief/mailer/transport/self-signed-cert';

export type InboundTls = { key: string; cert: string; source: 'files' | 'self-signed' };

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the inbound TLS ${what} ${path}: ${(err as Error).message}`);
  }
}

/** PEM files when both paths are given, else a fresh self-signed certificate for `hostname`. */
export function loadInboundTls(opts: { certPath?: string; keyPath?: string; hostname: string }): InboundTls {
  if (!opts.certPath !== !opts.keyPath) throw new Error('INBOUND_TLS_CERT and INBOUND_TLS_KEY go together: set both or neither');
  if (!opts.certPath || !opts.keyPath) return { ...createSelfSignedCertificate({ commonName: opts.hostname }), source: 'self-signed' };
  const tls = { cert: readPem(opts.certPath, 'certificate'), key: readPem(opts.keyPath, 'key') };
  try {
    // Fails now, at start, on a key that does not belong to the certificate or bad PEM,
    // rather than on the first sender's handshake.
    createSecureContext(tls);
  } catch (err) {
    throw new Error(`INBOUND_TLS_CERT / INBOUND_TLS_KEY are not a usable pair: ${(err as Error).message}`);
  }
  return { ...tls, source: 'files' };
}

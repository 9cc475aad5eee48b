// DMARC alignment as the campaign report states it, and the envelope/DKIM choice the worker
// makes from a domain's stored check results.
import { describe, expect, it } from 'vitest';
import { dmarcAlignment, envelopeDomainFor, organizationalDomain, sendAuthFor, type SendAuthDomain } from '../../src/senders/alignment.ts';
import { expectedRecords } from '../../src/senders/records.ts';

const domain = (over: Partial<SendAuthDomain> = {}): SendAuthDomain => ({
  domain: 'news.shop.example', dkimSelector: 'rb2026', dkimStatus: 'PASS',
  ed25519Selector: 'rb2026ed', ed25519PrivateKeyEnc: 'v1.x.y.z', ed25519Status: 'PASS',
  spfStatus: 'PASS', mxStatus: 'PASS', ...over,
});

describe('envelope domain and signatures from stored state', () => {
  it('uses bounces.<domain> only when both its MX and SPF passed; otherwise the platform bounce domain', () => {
    expect(envelopeDomainFor(domain())).toBe('bounces.news.shop.example');
    expect(envelopeDomainFor(domain({ mxStatus: 'FAIL' }))).toBe('bounces.rundbrief.localhost');
    expect(envelopeDomainFor(domain({ spfStatus: 'PENDING' }))).toBe('bounces.rundbrief.localhost');
  });

  it('dual-signs (RSA first) only while the Ed25519 record passes', () => {
    expect(sendAuthFor(domain()).dkim.map((s) => [s.algorithm, s.selector])).toEqual([['rsa-sha256', 'rb2026'], ['ed25519-sha256', 'rb2026ed']]);
    expect(sendAuthFor(domain({ ed25519Status: 'FAIL' })).dkim.map((s) => s.algorithm)).toEqual(['rsa-sha256']);
    expect(sendAuthFor(domain({ ed25519Selector: null, ed25519PrivateKeyEnc: null, ed25519Status: 'PENDING' })).dkim).toHaveLength(1);
  });
});

describe('dmarcAlignment (relaxed)', () => {
  it('aligns SPF on the return path subdomain and DKIM on d= of the From domain', () => {
    const a = dmarcAlignment(sendAuthFor(domain()));
    expect(a).toMatchObject({ dkim: { aligned: true, pass: true }, spf: { aligned: true, pass: true, envelopeDomain: 'bounces.news.shop.example' }, dmarcPass: true });
  });

  it('on the platform bounce domain SPF passes but does not align; DMARC rests on DKIM', () => {
    const a = dmarcAlignment(sendAuthFor(domain({ mxStatus: 'FAIL' })));
    expect(a.spf).toEqual({ aligned: false, pass: true, envelopeDomain: 'bounces.rundbrief.localhost' });
    expect(a.dmarcPass).toBe(true);
    expect(dmarcAlignment(sendAuthFor(domain({ mxStatus: 'FAIL', dkimStatus: 'FAIL', ed25519Status: 'FAIL' }))).dmarcPass).toBe(false);
  });

  it('an aligned SPF alone carries DMARC when DKIM fails', () => {
    const a = dmarcAlignment(sendAuthFor(domain({ dkimStatus: 'FAIL', ed25519Status: 'FAIL' })));
    expect(a.dkim).toMatchObject({ aligned: true, pass: false });
    expect(a.dmarcPass).toBe(true);
  });

  it('an aligned SPF identifier that does not pass does not count', () => {
    const a = dmarcAlignment({ fromDomain: 'shop.example', envelopeDomain: 'bounces.shop.example', spfStatus: 'FAIL', dkim: [] });
    expect(a).toMatchObject({ spf: { aligned: true, pass: false }, dkim: { aligned: false, pass: false }, dmarcPass: false });
  });

  it('compares organizational domains by the public suffix list', () => {
    expect(organizationalDomain('bounces.news.shop.co.uk')).toBe('shop.co.uk');
    expect(organizationalDomain('News.Shop.Example.')).toBe('shop.example');
    // a DKIM signature by another organisation's domain does not align
    const a = dmarcAlignment({ fromDomain: 'news.shop.co.uk', envelopeDomain: 'bounces.other.co.uk', spfStatus: 'PASS', dkim: [{ domain: 'other.co.uk', selector: 's', algorithm: 'rsa-sha256', status: 'PASS' }] });
    expect(a).toMatchObject({ spf: { aligned: false }, dkim: { aligned: false, pass: false }, dmarcPass: false });
  });
});

describe('expectedRecords', () => {
  const base = { domain: 'x.example', dkimSelector: 'rb2026', dkimPublicKey: 'KEY' };

  it('puts SPF (-all) and the MX at the return path, nothing at the apex but DMARC', () => {
    const recs = expectedRecords(base, ['192.0.2.1', '2001:db8::1']);
    expect(recs.map((r) => [r.kind, r.type, r.name, r.value, r.required])).toEqual([
      ['DKIM', 'TXT', 'rb2026._domainkey.x.example', 'v=DKIM1; k=rsa; p=KEY', true],
      ['RETURN-PATH-MX', 'MX', 'bounces.x.example', 'bounces.rundbrief.localhost', true],
      ['RETURN-PATH-SPF', 'TXT', 'bounces.x.example', 'v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 -all', true],
      ['DMARC', 'TXT', '_dmarc.x.example', 'v=DMARC1; p=none; rua=mailto:dmarc-reports@x.example; adkim=r; aspf=r', false],
    ]);
  });

  it('adds the Ed25519 record at its own selector when the domain holds the key (optional)', () => {
    const recs = expectedRecords({ ...base, ed25519Selector: 'rb2026ed', ed25519PublicKey: 'RAW32' }, ['192.0.2.1']);
    expect(recs.find((r) => r.kind === 'DKIM-ED25519')).toEqual({
      kind: 'DKIM-ED25519', type: 'TXT', name: 'rb2026ed._domainkey.x.example', value: 'v=DKIM1; k=ed25519; p=RAW32', required: false,
    });
  });
});

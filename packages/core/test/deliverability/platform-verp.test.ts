// The platform-mail VERP address: it names a PlatformMail row only when it carries our MAC,
// and it cannot be made from (or turned into) a campaign VERP address.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePlatformVerp, platformVerpAddress } from '../../src/deliverability/platform-verp.ts';
import { parseVerp, verpAddress } from '../../src/deliverability/verp.ts';
import { routeInboundRecipient } from '../../src/feedback/inbound.ts';

const ID = '0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const compact = ID.replace(/-/g, '');

describe('platform VERP address', () => {
  it('round-trips in any case, on the bounce domain', () => {
    const a = platformVerpAddress(ID);
    expect(a).toMatch(/^p-[0-9a-f]{32}-[0-9a-f]{8}@bounces\.rundbrief\.localhost$/);
    expect(parsePlatformVerp(a)).toBe(ID);
    expect(parsePlatformVerp(` ${a.toUpperCase()} `)).toBe(ID);
  });

  it('refuses a changed MAC, a guessed neighbour and malformed addresses', () => {
    const a = platformVerpAddress(ID);
    const mac = a.slice(35, 43);
    expect(parsePlatformVerp(a.replace(`-${mac}@`, `-${mac[0] === '0' ? '1' : '0'}${mac.slice(1)}@`))).toBeNull();
    const neighbour = compact.slice(0, 31) + (compact.endsWith('b') ? 'c' : 'b');
    expect(parsePlatformVerp(`p-${neighbour}-${mac}@bounces.rundbrief.localhost`)).toBeNull();
    expect(parsePlatformVerp(`p-${compact}@bounces.rundbrief.localhost`)).toBeNull();
    expect(parsePlatformVerp('')).toBeNull();
  });

  it('is not interchangeable with the campaign VERP address (own purpose string)', () => {
    const campaign = verpAddress(ID);
    const asPlatform = campaign.replace(/^b-/, 'p-');
    expect(parsePlatformVerp(asPlatform)).toBeNull();
    expect(parseVerp(platformVerpAddress(ID).replace(/^p-/, 'b-'))).toBeNull();
  });

  it('depends on APP_SECRET: another installation cannot mint ours', () => {
    const foreign = createHmac('sha256', 'another-secret-0123456789abcdef0123').update(`platform-verp\n${compact}`).digest('hex').slice(0, 8);
    expect(`p-${compact}-${foreign}@x`).not.toBe(platformVerpAddress(ID, 'x'));
    expect(parsePlatformVerp(`p-${compact}-${foreign}@x`)).toBeNull();
  });

  it('inbound SMTP accepts it as a platform bounce, and only with a valid MAC on the bounce domain', () => {
    const a = platformVerpAddress(ID);
    expect(routeInboundRecipient(a)).toEqual({ kind: 'PLATFORM_BOUNCE', platformMailId: ID });
    expect(routeInboundRecipient(a.replace(/-[0-9a-f]{8}@/, '-00000000@'))).toBeNull();
    expect(routeInboundRecipient(platformVerpAddress(ID, 'elsewhere.example'))).toBeNull();
  });
});

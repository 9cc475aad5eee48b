// Pure rules of the feedback area: machine open/click classification and the RFC 8058
// one-click body check.
import { describe, expect, it } from 'vitest';
import { machineReason } from '../../src/tracking/machine.ts';
import { isOneClickBody } from '../../src/feedback/unsubscribe.ts';

const HUMAN_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

describe('machine classification rules', () => {
  const at = new Date('2026-01-01T12:00:00Z');
  const base = { type: 'OPEN' as const, method: 'GET', ua: HUMAN_UA, ip: '198.51.100.1', at, sentAt: new Date(at.getTime() - 3600_000) };
  it('names the reason', () => {
    expect(machineReason(base)).toBeNull();
    expect(machineReason({ ...base, ip: '2620:149:a0c:f000::1' })).toBe('apple-privacy-proxy');
    expect(machineReason({ ...base, ip: '::ffff:17.1.2.3' })).toBe('apple-privacy-proxy');
    expect(machineReason({ ...base, ua: 'python-requests/2.31' })).toBe('scanner-user-agent');
    expect(machineReason({ ...base, ua: null })).toBe('no-user-agent');
    expect(machineReason({ ...base, ua: 'Mozilla/5.0', ip: '198.51.100.9' })).toBe('apple-privacy-proxy');
    // Only Apple's 17.0.0.0/8, not addresses that merely contain "17.".
    expect(machineReason({ ...base, ip: '172.17.0.1' })).toBeNull();
    expect(machineReason({ ...base, ip: '117.1.2.3' })).toBeNull();
    expect(machineReason({ ...base, type: 'CLICK', ua: 'Mozilla/5.0 (compatible; Mimecast URL Protect)' })).toBe('scanner-user-agent');
    expect(machineReason({ ...base, method: 'HEAD' })).toBe('head-request');
    expect(machineReason({ ...base, type: 'CLICK', sentAt: new Date(at.getTime() - 4_000) })).toBe('click-right-after-delivery');
    expect(machineReason({ ...base, type: 'CLICK', sentAt: new Date(at.getTime() - 60_000) })).toBeNull();
  });
});

describe('RFC 8058 one-click body', () => {
  it('accepts urlencoded and multipart bodies, rejects anything else', () => {
    expect(isOneClickBody('application/x-www-form-urlencoded', 'List-Unsubscribe=One-Click')).toBe(true);
    const strict = '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n';
    expect(isOneClickBody('multipart/form-data; boundary=b', strict)).toBe(true);
    expect(isOneClickBody('application/x-www-form-urlencoded', 'List-Unsubscribe=Two-Click')).toBe(false);
    expect(isOneClickBody('application/x-www-form-urlencoded', '')).toBe(false);
    expect(isOneClickBody('application/json', '{"List-Unsubscribe":"One-Click"}')).toBe(false);
  });
});

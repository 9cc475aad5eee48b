// Who counts as a feedback-loop reporter by source address: exact addresses and CIDR
// ranges of both families, IPv4-mapped IPv6 peers, nothing else.
import { describe, expect, it } from 'vitest';
import { dkimCanAdmit, reporterForIp } from '../../src/feedback/reporters.ts';

const reporters = [
  { name: 'JMRP', ips: ['192.0.2.0/24', '2001:db8:10::/48'], dkimDomains: [] },
  { name: 'Yahoo', ips: ['203.0.113.9'], dkimDomains: ['yahoo.example'] },
];

describe('reporterForIp', () => {
  it('matches addresses inside a configured range or equal to a configured address', () => {
    expect(reporterForIp(reporters, '192.0.2.77')).toMatchObject({ name: 'JMRP', via: 'ip' });
    expect(reporterForIp(reporters, '::ffff:192.0.2.1')).toMatchObject({ name: 'JMRP' });
    expect(reporterForIp(reporters, '2001:db8:10:ff::1')).toMatchObject({ name: 'JMRP' });
    expect(reporterForIp(reporters, '203.0.113.9')).toMatchObject({ name: 'Yahoo' });
  });
  it('matches nothing else', () => {
    for (const ip of ['192.0.3.1', '203.0.113.10', '2001:db8:11::1', '127.0.0.1', 'not-an-ip', '']) expect(reporterForIp(reporters, ip), ip).toBeNull();
    expect(reporterForIp([], '192.0.2.1')).toBeNull();
  });
  it('knows when DKIM could still admit a message', () => {
    expect(dkimCanAdmit(reporters)).toBe(true);
    expect(dkimCanAdmit([reporters[0]!])).toBe(false);
  });
});

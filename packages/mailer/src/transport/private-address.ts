// Addresses that are not the public internet: loopback, private (RFC 1918, ULA), link-local,
// carrier-grade NAT, multicast, reserved and documentation ranges. In MX mode a recipient
// domain chooses where we connect (its MX and A records), so without this rule anyone could
// point an MX at 127.0.0.1 or 10.x and have the platform open SMTP sessions inside its own
// network (SSRF towards Redis, Postgres, the inbound server or cloud metadata).
import { BlockList, isIP } from 'node:net';

const ranges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) ranges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
] as const) ranges.addSubnet(net, prefix, 'ipv6');

/** True for any address outside the public unicast internet (and for what is not an address). */
export function isPrivateAddress(address: string): boolean {
  const a = address.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  // IPv4-mapped and IPv4-compatible IPv6 (::ffff:10.0.0.1) reach the IPv4 host they carry.
  const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(a);
  if (family === 4) return ranges.check(a, 'ipv4');
  if (family === 6) return ranges.check(a, 'ipv6');
  return true;
}

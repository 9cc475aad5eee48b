import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './private-address.ts';

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fd00::1', 'fc12:3456::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '[::1]', 'mx.example', ''])(
    '%s is not the public internet', (a) => expect(isPrivateAddress(a)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2a00:1450:4001:82b::1b', '::ffff:93.184.216.34'])(
    '%s is public', (a) => expect(isPrivateAddress(a)).toBe(false));
});

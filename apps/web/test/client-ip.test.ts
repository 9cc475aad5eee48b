import { describe, expect, it } from 'vitest';
import { peerAddress, peerHeaderValue } from '../lib/client-ip.ts';
import { fromPeer } from './peer.ts';

describe('peerAddress', () => {
  it('believes the peer header only with the MAC server.mjs adds', () => {
    expect(peerAddress(new Headers(fromPeer('127.0.0.1')))).toBe('127.0.0.1');
    expect(peerAddress(fromPeer('2001:db8::1'))).toBe('2001:db8::1');
    // a client that sends the header itself (e.g. to a server not run by server.mjs)
    expect(peerAddress({ 'x-rundbrief-peer': '198.51.100.7' })).toBeNull();
    expect(peerAddress({ 'x-rundbrief-peer': peerHeaderValue('198.51.100.7', 'a guessed key') })).toBeNull();
    const stamped = fromPeer('127.0.0.1')['x-rundbrief-peer']!;
    expect(peerAddress({ 'x-rundbrief-peer': stamped.replace('127.0.0.1', '198.51.100.7') })).toBeNull();
  });

  it('knows no peer without the header: X-Forwarded-For alone is never the peer', () => {
    expect(peerAddress(new Headers({ 'x-forwarded-for': '203.0.113.5' }))).toBeNull();
    expect(peerAddress(new Headers())).toBeNull();
  });
});

// Route handlers are called without a socket: these headers stand in for what server.mjs
// stamps on a request whose TCP peer is `ip`.
import { PEER_HEADER, peerHeaderValue } from '../lib/client-ip.ts';

process.env.RUNDBRIEF_PEER_KEY ??= 'test-peer-key';

export function fromPeer(ip: string): Record<string, string> {
  return { [PEER_HEADER]: peerHeaderValue(ip) };
}

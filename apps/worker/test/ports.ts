// Loopback port helpers for the int tests that run their own server (a private redis-server),
// so the shared one is never touched.
import net from 'node:net';

/** A loopback TCP port nothing listens on right now (the OS picks it; we release it at once). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

/** Whether something accepts TCP connections on this loopback port (for waiting on a server start). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

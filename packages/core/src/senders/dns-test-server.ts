// A DNS server on loopback that answers from an in-memory zone: used by the int tests and
// by the e2e harness / local development (DNS_RESOLVER=127.0.0.1:<port>) so sender-domain
// verification runs against real DNS packets without the Internet.
import dns2 from 'dns2';

export type ZoneRecords = { TXT?: string[]; MX?: { exchange: string; priority: number }[]; A?: string[] };
export type Zone = Map<string, ZoneRecords>;

const { Packet } = dns2;
const NXDOMAIN = 3; // RFC 1035 RCODE 3 (the typings lack Packet.RCODE)

export async function startDnsServer(zone: Zone = new Map(), opts: { port?: number } = {}) {
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const q = request.questions[0];
      const records = q ? zone.get(q.name.toLowerCase().replace(/\.$/, '')) : undefined;
      if (!q || !records) {
        response.header.rcode = NXDOMAIN;
        void send(response);
        return;
      }
      const base = { name: q.name, class: Packet.CLASS.IN, ttl: 60 };
      // the typings demand toBuffer on plain answer objects; the encoder does not
      const answer = (r: Record<string, unknown>) => response.answers.push({ ...base, ...r } as never);
      if (q.type === Packet.TYPE.TXT) {
        // long values are split into 255-octet character-strings as DNS requires
        for (const txt of records.TXT ?? []) answer({ type: Packet.TYPE.TXT, data: txt.match(/.{1,255}/g) ?? [''] });
      } else if (q.type === Packet.TYPE.MX) {
        for (const mx of records.MX ?? []) answer({ type: Packet.TYPE.MX, exchange: mx.exchange, priority: mx.priority });
      } else if (q.type === Packet.TYPE.A) {
        for (const address of records.A ?? []) answer({ type: Packet.TYPE.A, address });
      }
      void send(response);
    },
  });
  const addrs = await server.listen({ udp: { port: opts.port ?? 0, address: '127.0.0.1' } });
  const port = addrs.udp!.port;
  return { zone, port, server: `127.0.0.1:${port}`, close: () => server.close() };
}

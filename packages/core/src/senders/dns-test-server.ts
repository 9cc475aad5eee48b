// A DNS server on loopback answering TXT/MX/A/CNAME from a zone: an in-memory Map for the int
// tests, or a lookup function (the dev DNS process reads the DevDnsRecord table, see
// dev-dns.ts) for `npm start` and the e2e stack (DNS_RESOLVER=127.0.0.1:<port>), so
// sender-domain verification runs against real DNS packets without the Internet.
import dns2 from 'dns2';

export type ZoneRecords = { TXT?: string[]; MX?: { exchange: string; priority: number }[]; A?: string[]; CNAME?: string[] };
export type Zone = Map<string, ZoneRecords>;
/** Answers for one name (lower case, no trailing dot); the dev DNS process reads Postgres. */
export type ZoneLookup = (name: string) => Promise<ZoneRecords | undefined> | ZoneRecords | undefined;

const { Packet } = dns2;
const NXDOMAIN = 3; // RFC 1035 RCODE 3 (the typings lack Packet.RCODE)

const SERVFAIL = 2;

export async function startDnsServer(zone: Zone = new Map(), opts: { port?: number; lookup?: ZoneLookup } = {}) {
  const lookup: ZoneLookup = opts.lookup ?? ((name) => zone.get(name));
  const server = dns2.createServer({
    udp: true,
    handle: async (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const q = request.questions[0];
      let records: ZoneRecords | undefined;
      try {
        records = q ? await lookup(q.name.toLowerCase().replace(/\.$/, '')) : undefined;
      } catch {
        response.header.rcode = SERVFAIL; // the zone could not be read: a lookup error, never "no record"
        void send(response);
        return;
      }
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
      } else if (q.type === Packet.TYPE.CNAME) {
        for (const domain of records.CNAME ?? []) answer({ type: Packet.TYPE.CNAME, domain });
      }
      void send(response);
    },
  });
  const addrs = await server.listen({ udp: { port: opts.port ?? 0, address: '127.0.0.1' } });
  const port = addrs.udp!.port;
  return { zone, port, server: `127.0.0.1:${port}`, close: () => server.close() };
}

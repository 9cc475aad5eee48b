import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { createSinkServer, listen } from '../src/sink/server.ts';

describe('development mail sink', () => {
  const db = getDb();
  const server = createSinkServer({ db });
  let port = 0;
  beforeEach(async () => {
    await truncateAll();
    if (!port) port = await listen(server, 0);
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('stores a multipart mail with the source IP and HELO it came from', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1', port, secure: false, ignoreTLS: true, localAddress: '127.0.0.2', name: 'mta1.rundbrief.test',
    });
    const info = await transport.sendMail({
      from: 'Demo <news@demo.example>', to: 'ann@example.org', subject: 'Hello sink',
      text: 'plain body', html: '<p>html <b>body</b></p>',
    });
    expect(info.response).toMatch(/^250 /);
    const rows = await db.sinkMessage.findMany();
    expect(rows).toHaveLength(1);
    const m = rows[0]!;
    expect(m.remoteIp).toBe('127.0.0.2');
    expect(m.heloName).toBe('mta1.rundbrief.test');
    expect(m.rcptTo).toEqual(['ann@example.org']);
    expect(m.subject).toBe('Hello sink');
    expect(m.text?.trim()).toBe('plain body');
    expect(m.html).toContain('<b>body</b>');
    expect(m.raw).toContain('multipart/alternative');
    transport.close();
  });
});

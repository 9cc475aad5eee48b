// Suppression list: add, search, remove with a reason (audited), CSV import/export,
// erased rows kept, and tenancy.
import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import {
  closeQueues, createList, eraseSubscriber, exportSuppressionsCsv, importSuppressionsCsv, listSuppressions,
  removeSuppression, subscribe, suppressAddress,
} from '../../src/index.ts';
import { freshTenants } from './helpers.ts';

const db = getDb();
let tenantId: string;
let other: string;

beforeEach(async () => {
  const { a, b } = await freshTenants();
  tenantId = a.id;
  other = b.id;
});
afterAll(closeQueues);

describe('suppression list', () => {
  it('adds (normalised, hashed), searches and removes with an audited reason', async () => {
    const s = await suppressAddress({ tenantId }, { email: ' Max@Example.COM ', reason: 'MANUAL' });
    expect(s.email).toBe('max@example.com');
    expect(s.emailHash).toMatch(/^[0-9a-f]{64}$/);
    // Adding again keeps one row.
    await suppressAddress({ tenantId }, { email: 'max@example.com', reason: 'MANUAL' });
    expect((await listSuppressions({ tenantId }, { q: 'MAX' })).items).toHaveLength(1);
    await expect(removeSuppression({ tenantId }, { id: s.id, reason: '' })).rejects.toMatchObject({ code: 'VALIDATION' });
    // Another tenant with this id, even naming this tenant in its input, finds nothing and removes nothing.
    const smuggled: object = { tenantId };
    await expect(removeSuppression({ tenantId: other }, { ...smuggled, id: s.id, reason: 'asked by phone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.suppression.count()).toBe(1);
    // a malformed id (uuid-shaped, not a uuid) is the same 404, not a database error
    await expect(removeSuppression({ tenantId }, { id: '0'.repeat(35) + '-', reason: 'asked by phone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await removeSuppression({ tenantId, actor: 'owner@example.com' }, { id: s.id, reason: 'asked by phone' });
    expect(await db.suppression.count()).toBe(0);
    expect(await db.auditLog.findFirst({ where: { action: 'suppression.remove' } })).toMatchObject({ actor: 'owner@example.com', target: 'max@example.com', details: { reason: 'asked by phone', was: 'MANUAL' } });
  });

  it('imports a CSV (valid rows added, invalid reported) and exports it; erased rows have no address', async () => {
    const csv = 'Email,Note\na@example.com,x\nbroken@@,y\nB@Example.com,z\na@example.com,dup\n';
    const r = await importSuppressionsCsv({ tenantId }, { body: Readable.from([csv]) });
    expect(r).toEqual({ added: 2, invalid: [{ line: 3, value: 'broken@@' }] });
    const list = await createList({ tenantId }, { name: 'L' });
    const sub = await subscribe({ tenantId }, { listId: list.id, email: 'gone@example.com', source: 'API' });
    await eraseSubscriber({ tenantId }, sub.subscriberId);
    const erased = (await listSuppressions({ tenantId })).items.find((i) => i.reason === 'ERASED')!;
    await expect(removeSuppression({ tenantId }, { id: erased.id, reason: 'mistake' })).rejects.toMatchObject({ code: 'POLICY' });
    let out = '';
    for await (const chunk of exportSuppressionsCsv({ tenantId })) out += chunk;
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('email,reason,source,note,created_at');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')).sort()).toEqual(['(erased),ERASED', 'a@example.com,MANUAL', 'b@example.com,MANUAL']);
    expect(out).not.toContain('gone@example.com');
    expect((await listSuppressions({ tenantId: other })).items).toHaveLength(0);
  });

  it('imports a German Excel list (Windows-1252, ;) and a UTF-16LE one with tabs', async () => {
    const german = 'Name;E-Mail-Adresse;Notiz\r\nMüller, Jörg;joerg@example.de;"Straße; Hinterhaus"\r\nWeiß;kaputt@@;x\r\n';
    expect(await importSuppressionsCsv({ tenantId }, { body: Readable.from([Buffer.from(german, 'latin1')]) }))
      .toEqual({ added: 1, invalid: [{ line: 3, value: 'kaputt@@' }] });
    const tabs = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('E-Mail\tName\r\nzoe@example.de\tZoë\r\n', 'utf16le')]);
    expect(await importSuppressionsCsv({ tenantId }, { body: Readable.from([tabs]) })).toEqual({ added: 1, invalid: [] });
    expect((await listSuppressions({ tenantId })).items.map((i) => i.email).sort()).toEqual(['joerg@example.de', 'zoe@example.de']);
  });
});

// Ids of imported rows: RFC 9562 UUIDv7 (time first), ascending within one import so the
// btree indexes of a million-row merge grow at one edge.
import { describe, expect, it } from 'vitest';
import { uuidv7Prefix } from '../../src/audience/import-run.ts';

const id = (prefix: string, n: number) => {
  const hex = prefix + n.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

describe('uuidv7Prefix', () => {
  it('is the time, version 7 and the RFC variant; ids with a counter ascend and are distinct per import', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const p = uuidv7Prefix(now);
    expect(p).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{3}$/);
    expect(parseInt(p.slice(0, 12), 16)).toBe(now);
    const ids = [1, 2, 15, 16, 4095, 4096, 2 ** 20].map((n) => id(p, n));
    for (const u of ids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const prefixes = new Set(Array.from({ length: 50 }, () => uuidv7Prefix(now)));
    expect(prefixes.size).toBeGreaterThan(45);
    expect(uuidv7Prefix(now + 1) > uuidv7Prefix(now)).toBe(true);
  });
});

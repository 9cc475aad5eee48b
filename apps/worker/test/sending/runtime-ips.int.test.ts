// The worker's cached list of sending IPs (runtime.ts sendingIps): every sender that finds the
// cache empty or stale shares one read of the table (a 20,000-mail bench read it 75 times when
// each sender read it itself), a fresh cache answers without a promise, and a forget (a
// campaign starting) is never undone by a read that was already under way.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { getSendRuntime } from '../../src/sending/runtime.ts';

const addresses = (ips: { address: string }[]) => ips.map((i) => i.address);

beforeEach(async () => {
  await truncateAll();
  await getDb().sendingIp.createMany({ data: [{ address: '127.0.0.2', heloName: 'a.test' }, { address: '127.0.0.3', heloName: 'b.test' }] });
});
afterAll(async () => {
  await getSendRuntime().close();
});

describe('sending IP cache', () => {
  it('senders that find it empty share one read; then it answers with the list itself', async () => {
    const rt = getSendRuntime();
    rt.forgetSendingIps();
    const first = rt.sendingIps();
    const second = rt.sendingIps();
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    const ips = await first;
    expect(addresses(ips)).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(rt.sendingIps()).toBe(ips);
  });

  it('a forget while a read is under way: the next call reads again and sees the change', async () => {
    const rt = getSendRuntime();
    rt.forgetSendingIps();
    const before = rt.sendingIps();
    rt.forgetSendingIps();
    await getDb().sendingIp.create({ data: { address: '127.0.0.4', heloName: 'c.test' } });
    const after = rt.sendingIps();
    expect(after).not.toBe(before);
    expect(addresses(await after)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    await before;
    // the older read did not overwrite the newer list
    expect(addresses(await rt.sendingIps())).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
  });
});

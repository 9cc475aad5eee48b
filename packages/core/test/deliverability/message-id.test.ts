// The Message-ID MAC: a quoted Message-ID names a message only when it carries our MAC.
import { describe, expect, it } from 'vitest';
import { makeMessageId, verifyMessageId } from '../../src/deliverability/message-id.ts';

const ID = '0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';

describe('Message-ID with a MAC', () => {
  it('round-trips, with or without angle brackets and in any case', () => {
    const mid = makeMessageId(ID, 'News.Example.COM');
    expect(mid).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{16}@news\.example\.com$/);
    expect(verifyMessageId(mid)).toBe(ID);
    expect(verifyMessageId(`<${mid}>`)).toBe(ID);
    expect(verifyMessageId(` <${mid.toUpperCase()}> `)).toBe(ID);
  });

  it('refuses a bare id, a guessed neighbour and a changed MAC', () => {
    const mid = makeMessageId(ID, 'news.example.com');
    expect(verifyMessageId(`${ID}@news.example.com`)).toBeNull(); // the old format: id only
    const compact = ID.replace(/-/g, '');
    const neighbour = compact.slice(0, 31) + (compact.endsWith('b') ? 'c' : 'b');
    expect(verifyMessageId(`${neighbour}.${mid.split('.')[1]!.split('@')[0]}@news.example.com`)).toBeNull();
    const mac = mid.slice(33, 49);
    const flipped = mid.replace(mac, (mac[0] === '0' ? '1' : '0') + mac.slice(1));
    expect(verifyMessageId(flipped)).toBeNull();
    expect(verifyMessageId('')).toBeNull();
    expect(verifyMessageId(null)).toBeNull();
    expect(verifyMessageId('<x@y>')).toBeNull();
  });

  it('depends on APP_SECRET: another installation cannot mint ours', async () => {
    const mid = makeMessageId(ID, 'news.example.com');
    const { createHmac } = await import('node:crypto');
    const compact = ID.replace(/-/g, '');
    const foreignKey = createHmac('sha256', 'another-secret-0123456789abcdef0123').update('rundbrief/message-id/v1').digest();
    const foreign = `${compact}.${createHmac('sha256', foreignKey).update(compact).digest().subarray(0, 8).toString('hex')}@news.example.com`;
    expect(foreign).not.toBe(mid);
    expect(verifyMessageId(foreign)).toBeNull();
  });
});

// What a stored inbound message's recipient asks the batch to do, before anything is
// applied: every classification ends in an intent, and a kind this code does not know
// (the classifier may learn new ones) is kept UNMATCHED with its name, never dropped.
import { describe, expect, it } from 'vitest';
import type { BounceResult } from '@rundbrief/mailer/bounce/index';
import { verpAddress } from '../../src/deliverability/verp.ts';
import { intentOf } from '../../src/feedback/inbound-batch.ts';
import { fblAddress } from '../../src/links.ts';

const ID = '0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const row = { id: '00000000-0000-4000-8000-000000000001', rcptTo: [], remoteIp: '192.0.2.7', raw: new Uint8Array() };
const result = (category: string) => ({
  isBounce: true, category, recipient: 'reader@example.net', status: '5.1.1', smtpCode: 550, diagnostic: 'x', reportingMta: 'mx.example.net',
}) as unknown as BounceResult;

describe('inbound intents', () => {
  it('a kind the apply code does not know is UNMATCHED with its name as the reason', () => {
    expect(intentOf(verpAddress(ID), result('delayed-warning'), row, [])).toMatchObject({
      kind: 'final', verdict: { status: 'UNMATCHED', outcome: { effect: 'unmatched', reason: 'unknown-kind:delayed-warning' } },
    });
  });

  it('a bounce at a VERP address names that message; at the FBL address it is refused', () => {
    expect(intentOf(verpAddress(ID), result('hard'), row, [])).toMatchObject({ kind: 'bounce', messageId: ID, category: 'hard' });
    expect(intentOf(fblAddress(), result('hard'), row, [])).toMatchObject({ kind: 'final', verdict: { status: 'REFUSED', outcome: { reason: 'dsn-at-fbl' } } });
  });

  it('a complaint at a VERP address from a host that is no reporter is refused; auto-replies are left alone', () => {
    expect(intentOf(verpAddress(ID), result('complaint'), row, [])).toMatchObject({ kind: 'final', verdict: { status: 'REFUSED', outcome: { reason: 'complaint-not-from-reporter' } } });
    expect(intentOf(verpAddress(ID), result('auto-reply'), row, [])).toMatchObject({ kind: 'final', verdict: { status: 'UNMATCHED', outcome: { effect: 'ignored', reason: 'auto-reply' } } });
  });

  it('mail for an address that is not ours is UNMATCHED', () => {
    expect(intentOf('someone@elsewhere.example', null, row, [])).toMatchObject({ kind: 'final', verdict: { status: 'UNMATCHED', outcome: { reason: 'not-our-address' } } });
  });
});

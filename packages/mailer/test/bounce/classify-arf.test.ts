// RFC 5965 feedback reports (stalwart mail-auth test vectors, Apache-2.0 OR MIT) and the
// shapes a feedback-loop address receives in practice.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyBounce } from '../../src/bounce/classify.ts';
import { arfDir } from './corpus.ts';

interface ArfExpectation { feedback_type: string; arrival_date: number | null; original_rcpt_to: string | null; original_mail_from: string | null; source_ip: string | null }

const files = readdirSync(arfDir).filter((f) => f.endsWith('.eml'));

describe('classifyBounce on ARF reports', () => {
  it('has the corpus', () => expect(files.length).toBeGreaterThanOrEqual(5));

  it.each(files)('%s is a complaint with the expected feedback fields', (file) => {
    const want = JSON.parse(readFileSync(join(arfDir, file.replace(/\.eml$/, '.json')), 'utf8')) as ArfExpectation;
    const r = classifyBounce(readFileSync(join(arfDir, file)));
    expect(r.isBounce).toBe(true);
    expect(r.category).toBe('complaint');
    // stalwart spells the types in CamelCase (AuthFailure); RFC 5965 writes auth-failure.
    expect(r.feedbackType?.replace(/-/g, '')).toBe(want.feedback_type.toLowerCase());
    if (want.original_rcpt_to) expect(r.recipient).toBe(want.original_rcpt_to.replace(/[<>]/g, ''));
    if (want.original_mail_from) expect(r.originalMailFrom).toBe(want.original_mail_from.replace(/[<>]/g, ''));
    if (want.source_ip) expect(r.sourceIp).toBe(want.source_ip);
    if (want.arrival_date) expect(Date.parse(r.arrivalDate!.replace(/\s*\([^)]*\)\s*$/, '')) / 1000).toBe(want.arrival_date);
  });

  it('reads a CRLF ARF report the same as its LF form', () => {
    const lf = readFileSync(join(arfDir, '002.eml'), 'utf8').replace(/\r\n/g, '\n');
    expect(classifyBounce(lf.replace(/\n/g, '\r\n'))).toEqual(classifyBounce(lf));
  });

  it('names every Original-Rcpt-To of a multi-recipient report', () => {
    const raw = [
      'From: fbl@isp.example', 'To: fbl@bounces.rundbrief.localhost', 'Subject: FW: report',
      'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=feedback-report; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'This is an abuse report', '',
      '--b', 'Content-Type: message/feedback-report', '',
      'Feedback-Type: abuse', 'User-Agent: Test/1.0', 'Version: 1', 'Original-Rcpt-To: a@example.com', 'Original-Rcpt-To: b@example.org', '',
      '--b', 'Content-Type: message/rfc822', '', 'Return-Path: <b-0123@bounces.example>', 'Message-ID: <m1@news.example>', 'To: a@example.com', 'Subject: Hi', '', 'Hi', '--b--', '',
    ].join('\r\n');
    const r = classifyBounce(raw);
    expect(r.recipients?.map((x) => [x.recipient, x.category])).toEqual([['a@example.com', 'complaint'], ['b@example.org', 'complaint']]);
    expect(r.recipient).toBe('a@example.com');
    expect(r.original).toEqual({ returnPath: 'b-0123@bounces.example', messageId: 'm1@news.example', to: 'a@example.com' });
  });
});

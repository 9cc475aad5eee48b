// Classifies one SMTP reply (synchronous, at RCPT/DATA time) into what the sender must do.
// The wording, the enhanced status and the reply code are read by the same rule table as
// a DSN's Diagnostic-Code (rules.ts), so one wording gets one class on both paths. What is
// particular to a live session is only this:
//  - 2xx is delivered.
//  - A 4xx reply is an explicit "try again": it is retried (soft) even where the rule
//    would call the wording hard (Postfix's 450 4.1.1 for an address it could not verify
//    just now); a block stays a block (the next IP tries). The final answer is the one
//    of a later attempt, or the retry deadline (outcomes.ts).
// (A 5xx to MAIL FROM refuses our sender, never the recipient: deliver.ts handles it.)
import { extractStatus } from './codes.ts';
import { decide } from './rules.ts';

export type SmtpReplyCategory = 'delivered' | 'soft' | 'hard' | 'block';

export type SmtpReplyClass = {
  category: SmtpReplyCategory;
  /** The rule that decided (rules.ts RULES ids, "codes", "accepted", "retry-4xx"), stored with the message. */
  reason: string;
  /** RFC 3463 enhanced status code if known, e.g. "5.1.1". */
  enhanced: string | null;
};

/** Finds an enhanced status code ("5.1.1") in the reply text when none was given; never inside an IP literal. */
export function enhancedCodeOf(text: string): string | null {
  return extractStatus(text);
}

export function classifySmtpReply(code: number, enhanced: string | null | undefined, text: string): SmtpReplyClass {
  const enh = enhanced || enhancedCodeOf(text);
  if (code >= 200 && code < 300) return { category: 'delivered', reason: 'accepted', enhanced: enh };
  const v = decide({ text, status: enh, smtpCode: code });
  const category = v.category === 'hard' || v.category === 'block' ? v.category : 'soft';
  if (code >= 400 && code < 500 && category === 'hard') return { category: 'soft', reason: `retry-4xx:${v.rule}`, enhanced: enh };
  return { category, reason: v.rule, enhanced: enh };
}

// How much one outside source can change through the feedback loop. A DSN or report is
// believed for the message its MAC names, but a single sender (a compromised relay, a
// recipient with many addresses) must not be able to rest our IPs for a whole provider or
// flood a tenant's campaigns with effects:
// - an asynchronous "blocked" report rests an IP for a domain only when corroborated by
//   BLOCK_MIN_MESSAGES distinct messages from BLOCK_MIN_SOURCES distinct reporting hosts
//   within BLOCK_WINDOW_MS (a synchronous block reply rests it at once, in the sender);
// - each reporting source gets FEEDBACK_SOURCE_CAP_PER_HOUR applied effects an hour.
import { z } from 'zod';
import { parseEnv } from '@rundbrief/db';
import { coreEnv } from '../env.ts';
import { platformRedis } from '../platform/ip-blocks.ts';
import { alignedWindow, logInSlidingWindow, takeUpTo } from '../rate-window.ts';

const feedbackEnvSchema = z.object({
  /** Effects (bounces, complaints) applied per reporting source IP and hour. */
  FEEDBACK_SOURCE_CAP_PER_HOUR: z.coerce.number().int().min(1).default(5000),
  /** Processed inbound messages are deleted this many days after they arrived. */
  INBOUND_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Inbound messages applied per transaction (inbound-batch.ts). */
  INBOUND_BATCH_SIZE: z.coerce.number().int().min(1).max(2000).default(200),
});
export const feedbackEnv = () => parseEnv(feedbackEnvSchema);

export const BLOCK_WINDOW_MS = 60 * 60_000;
export const BLOCK_MIN_MESSAGES = 3;
export const BLOCK_MIN_SOURCES = 2;
// Older evidence beyond this many entries is dropped: a flood of reports cannot grow the set.
const MAX_EVIDENCE = 1000;

const key = (kind: string, ...parts: string[]) => `${coreEnv().QUEUE_PREFIX}:feedback:${kind}:${parts.join(':')}`;

/**
 * Takes `n` effects from `source`'s budget for the current hour (a clock-aligned window,
 * rate-window.ts) and says how many of them are still within its cap (the first ones, in
 * the order given); the rest are recorded as refused and change nothing. One round trip
 * per source and batch.
 */
export async function takeSourceBudget(source: string, n = 1, now = Date.now()): Promise<number> {
  const k = key('source', source || 'unknown', String(alignedWindow(now, 3_600_000).index));
  return takeUpTo(await platformRedis(), k, n, feedbackEnv().FEEDBACK_SOURCE_CAP_PER_HOUR, 7_200_000);
}

export type BlockEvidence = { corroborated: boolean; messages: number; sources: number };

/**
 * Records that the host at `source` reported message `messageId` (sent from `ip` to
 * `domain`) as blocked, and says whether the reports of the last hour corroborate a block.
 */
export async function recordBlockEvidence(input: { ip: string; domain: string; messageId: string; source: string }, now = Date.now()): Promise<BlockEvidence> {
  const k = key('block-evidence', input.ip, input.domain.toLowerCase());
  const members = await logInSlidingWindow(await platformRedis(), k, `${input.messageId}|${input.source || 'unknown'}`, BLOCK_WINDOW_MS, MAX_EVIDENCE, now);
  const messages = new Set(members.map((m) => m.slice(0, m.indexOf('|'))));
  const sources = new Set(members.map((m) => m.slice(m.indexOf('|') + 1)));
  return { corroborated: messages.size >= BLOCK_MIN_MESSAGES && sources.size >= BLOCK_MIN_SOURCES, messages: messages.size, sources: sources.size };
}

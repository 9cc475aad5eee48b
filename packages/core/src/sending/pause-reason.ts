// Why a campaign is paused: stored as an English sentence (Campaign.pauseReason: the REST API,
// alerts and logs read it as it is). The sentences are written here, and pauseReasonText()
// reads one back as a code with its values, so the web app can say it in the reader's
// language (coreTexts.pause.*). A reason that is none of these (older rows) has no code.
import type { CoreText } from '../texts.ts';

export const PAUSED_BY_USER = 'Paused by a user';
export const PAUSED_BY_API = 'Paused through the API';
export const SUSPENDED_PAUSE_PREFIX = 'Sending suspended by the platform operator';

/** "1.5 %" (two decimals below 1 %). */
const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)} %`;

export const bounceRatePause = (rate: number, hardBounces: number, delivered: number, limit: number) =>
  `Hard-bounce rate ${pct(rate)} (${hardBounces} of ${delivered} delivered) is above the ${pct(limit)} limit. Check where this list came from before resuming.`;
export const complaintRatePause = (rate: number, complaints: number, delivered: number, limit: number) =>
  `Complaint rate ${pct(rate)} (${complaints} of ${delivered} delivered) is above the ${pct(limit)} limit. Check consent and content before resuming.`;
export const suspendedPause = (text: string) => `${SUSPENDED_PAUSE_PREFIX}: ${text}`;
export const notSentReason = (message: string) => `Not sent: ${message}`;

/** "1.5 %" -> 0.015 (a share, for the web's percent format). */
const share = (s: string) => Number(s) / 100;

const RATE = /^(Hard-bounce|Complaint) rate (\d+(?:\.\d+)?) % \((\d+) of (\d+) delivered\) is above the (\d+(?:\.\d+)?) % limit\. Check .* before resuming\.$/;

/** The stored reason as a code (coreTexts.pause.*) with its values; null when it is not one of core's sentences. */
export function pauseReasonText(reason: string | null | undefined): CoreText | null {
  if (!reason) return null;
  if (reason === PAUSED_BY_USER) return { code: 'pause.byUser' };
  if (reason === PAUSED_BY_API) return { code: 'pause.byApi' };
  if (reason.startsWith(`${SUSPENDED_PAUSE_PREFIX}: `)) return { code: 'pause.suspended', params: { reason: reason.slice(SUSPENDED_PAUSE_PREFIX.length + 2) } };
  if (reason.startsWith('Not sent: ')) return { code: 'pause.notSent', params: { message: reason.slice('Not sent: '.length) } };
  const m = RATE.exec(reason);
  if (m) {
    return {
      code: m[1] === 'Complaint' ? 'pause.complaintRate' : 'pause.bounceRate',
      params: { rate: share(m[2]!), count: Number(m[3]), delivered: Number(m[4]), limit: share(m[5]!) },
    };
  }
  return null;
}

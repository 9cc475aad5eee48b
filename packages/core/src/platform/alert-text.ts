// Platform alerts keep an English `message` (the record, logs, acknowledgements); the operator
// console shows them in the operator's language (issue 14), as a code (coreTexts.alert.*) made
// from the alert's kind and details, the way pause reasons are (sending/pause-reason.ts). An
// alert whose details do not carry what its sentence needs (older rows, unknown kinds) is
// shown as stored.
import type { CoreText } from '../texts.ts';
import { pauseReasonText } from '../sending/pause-reason.ts';
import { disabledReasonMessage } from '../webhooks/disabled-reason.ts';

type AlertLike = { kind: string; message: string; details: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** IP_LISTED: the English sentence, and the flag its details keep for the translation. */
export const ipListedMessage = (ip: string, zones: string[], outOfRotation: boolean) =>
  `Sending IP ${ip} is listed on ${zones.join(', ')}${outOfRotation ? ' and is out of rotation' : ''}.`;
export const ipDelistedMessage = (ip: string) => `Sending IP ${ip} is no longer listed and is back in rotation.`;
/** IP_BLOCKED from a DSN that names no source IP. */
export const receiverRefusedMessage = (domain: string, diagnostic: string) =>
  `A receiver at ${domain} refused our mail (no source IP recorded): ${diagnostic.slice(0, 200)}`;
/** IP_BLOCKED corroborated by several reports: the IP rests for the domain. */
export const ipRestedMessage = (domain: string, ip: string, messages: number, sources: number, hours: number, diagnostic: string) =>
  `${domain} blocks sending IP ${ip} (${messages} messages reported by ${sources} hosts within an hour); it is out of rotation for ${domain} for ${hours} h. Reply: ${diagnostic.slice(0, 200)}`;
/** WEBHOOK_DISABLED: `since` as an ISO time in the record. */
export const webhookDisabledMessage = (url: string, since: Date, hours: number) =>
  `Webhook endpoint ${url} was disabled: ${disabledReasonMessage(since, hours)}`;

export function alertText(a: AlertLike): CoreText | null {
  const d = (a.details && typeof a.details === 'object' ? a.details : {}) as Record<string, unknown>;
  const ip = str(d.ip);
  const domain = str(d.domain);
  switch (a.kind) {
    case 'AUTO_PAUSE':
      return pauseReasonText(a.message);
    case 'IP_LISTED': {
      const zones = Array.isArray(d.listings) ? d.listings.map((l) => str((l as { zone?: unknown })?.zone)).filter((z): z is string => !!z) : [];
      if (!ip || zones.length === 0 || typeof d.outOfRotation !== 'boolean') return null;
      return { code: 'alert.ipListed', params: { ip, zones: zones.join(', '), outOfRotation: d.outOfRotation ? 'yes' : 'no' } };
    }
    case 'IP_DELISTED':
      return ip ? { code: 'alert.ipDelisted', params: { ip } } : null;
    case 'IP_BLOCKED': {
      if (!domain) return null;
      const evidence = (d.evidence && typeof d.evidence === 'object' ? d.evidence : null) as Record<string, unknown> | null;
      const diagnostic = str(d.diagnostic);
      if (evidence) {
        const [messages, sources, hours] = [num(evidence.messages), num(evidence.sources), num(d.hours)];
        if (!ip || !diagnostic || messages === null || sources === null || hours === null) return null;
        return { code: 'alert.ipRested', params: { domain, ip, messages, sources, hours, reply: diagnostic.slice(0, 200) } };
      }
      if (!ip && diagnostic) return { code: 'alert.receiverRefused', params: { domain, reply: diagnostic.slice(0, 200) } };
      const reply = str(d.reply);
      return ip && reply ? { code: 'alert.ipRefused', params: { domain, ip, reply: reply.slice(0, 200) } } : null;
    }
    case 'WEBHOOK_DISABLED': {
      const url = str(d.url);
      const since = str(d.since);
      const hours = num(d.hours);
      if (!url || !since || hours === null || Number.isNaN(Date.parse(since))) return null;
      return { code: 'alert.webhookDisabled', params: { url, since: Date.parse(since), hours } };
    }
    default:
      return null;
  }
}

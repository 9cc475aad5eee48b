// Why an endpoint was disabled automatically: stored in English on the endpoint (the record and
// the REST API), shown in the reader's language on the webhook settings page (issue 14) as a
// code (coreTexts.webhook.disabledReason) read back from the stored sentence, like pause reasons.
import type { CoreText } from '../texts.ts';

export const disabledReasonMessage = (since: Date, hours: number) =>
  `Every delivery failed since ${since.toISOString()} (about ${hours} h); disabled automatically.`;

const REASON = /^Every delivery failed since (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z) \(about (\d+) h\); disabled automatically\.$/;

/** The stored reason as a code with its values; null for any other sentence (shown as stored). */
export function disabledReasonText(reason: string | null | undefined): CoreText | null {
  const m = reason ? REASON.exec(reason) : null;
  if (!m || Number.isNaN(Date.parse(m[1]!))) return null;
  return { code: 'webhook.disabledReason', params: { since: Date.parse(m[1]!), hours: Number(m[2]) } };
}

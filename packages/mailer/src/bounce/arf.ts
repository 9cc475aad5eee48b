// Feedback-loop reports. RFC 5965 ARF is a multipart/report with a message/feedback-report
// part; mailbox providers also send older shapes (Hotmail/Outlook JMRP: multipart/mixed
// with the original and X-HmXmrOriginalRecipient; Apple Mail's "X-Apple-Unsubscribe"
// opt-out mail). Every one of them is a complaint for the product: suppress the address.
import { firstAddress } from './address.ts';
import { type Headers, type MimePart, header, leaves, parseHeaders, splitMessage } from './mime.ts';

export interface FeedbackReport {
  feedbackType: string; // abuse | fraud | virus | other | not-spam | opt-out | auth-failure
  recipients: string[];
  originalMailFrom: string | null;
  arrivalDate: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  reportingMta: string | null;
}

const COMPLAINT_SUBJECT = /complaint about message from|abuse report|email feedback report|spam ?trap ?hit|fbl report/i;

function originalHeaders(root: MimePart): Headers | null {
  for (const part of leaves(root)) {
    if (part.contentType === 'message/rfc822' || part.contentType === 'text/rfc822-headers') {
      return parseHeaders(splitMessage(part.body).head);
    }
  }
  return null;
}

function originalRecipient(orig: Headers | null): string | null {
  if (!orig) return null;
  return firstAddress(header(orig, 'x-hmxmroriginalrecipient')) ?? firstAddress(header(orig, 'to'));
}

/** Returns the feedback report in `root`, or null if the message is not a complaint. */
export function readFeedbackReport(root: MimePart): FeedbackReport | null {
  const topType = root.contentType;
  const reportType = root.params.get('report-type')?.toLowerCase();
  const parts = leaves(root);
  const fb = parts.find((p) => p.contentType === 'message/feedback-report');
  const orig = originalHeaders(root);

  if (fb || (topType === 'multipart/report' && reportType === 'feedback-report')) {
    const fields = parseHeaders(fb?.body ?? '');
    const rcpts = (fields.get('original-rcpt-to') ?? []).map(firstAddress).filter((a): a is string => !!a);
    const fallback = originalRecipient(orig);
    return {
      feedbackType: (header(fields, 'feedback-type') || 'abuse').toLowerCase(),
      recipients: rcpts.length ? rcpts : fallback ? [fallback] : [],
      originalMailFrom: firstAddress(header(fields, 'original-mail-from')),
      arrivalDate: header(fields, 'arrival-date') || header(fields, 'received-date') || null,
      sourceIp: header(fields, 'source-ip').split(/\s/)[0] || null,
      userAgent: header(fields, 'user-agent') || null,
      reportingMta: header(fields, 'reporting-mta').replace(/^\s*dns\s*;\s*/i, '') || null,
    };
  }

  // Apple Mail "unsubscribe" mail: an opt-out request sent by the mailbox provider.
  if (header(root.headers, 'x-apple-unsubscribe').toLowerCase() === 'true') {
    return bare('opt-out', firstAddress(header(root.headers, 'from')));
  }

  // Microsoft JMRP and similar: the original is attached and names the complaining recipient.
  if (COMPLAINT_SUBJECT.test(header(root.headers, 'subject')) && orig) {
    const hm = firstAddress(header(orig, 'x-hmxmroriginalrecipient'));
    if (hm || topType === 'multipart/report') return bare('abuse', hm ?? originalRecipient(orig));
  }
  return null;
}

function bare(feedbackType: string, recipient: string | null): FeedbackReport {
  return {
    feedbackType,
    recipients: recipient ? [recipient] : [],
    originalMailFrom: null,
    arrivalDate: null,
    sourceIp: null,
    userAgent: null,
    reportingMta: null,
  };
}

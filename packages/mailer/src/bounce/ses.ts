// Amazon SES forwards bounces and complaints as SNS notifications: a JSON document in a
// plain-text mail (optionally wrapped in an SNS envelope whose Message is the JSON string).
import { extractReplyCode, extractStatus } from './dsn.ts';
import type { BounceRecipient } from './classify.ts';
import { categorise } from './rules.ts';

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string; status?: string; diagnosticCode?: string }[]; reportingMTA?: string };
  complaint?: { complainedRecipients?: { emailAddress?: string }[]; complaintFeedbackType?: string };
  delivery?: { recipients?: string[] };
}

function parseJson(text: string): SesNotification | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return null;
  try {
    // Mail clients wrap the one-line JSON; the breaks never fall inside a token we need.
    const doc = JSON.parse(text.slice(start, end + 1).replace(/\n ?/g, '')) as SesNotification & { Message?: string };
    return typeof doc.Message === 'string' ? parseJson(doc.Message) : doc;
  } catch {
    return null;
  }
}

export function readSesNotification(text: string): { reportingMta: string | null; recipients: BounceRecipient[] } | null {
  if (!/\\?"(?:notificationType|eventType)\\?"\s*:/.test(text)) return null;
  const n = parseJson(text);
  const type = n?.notificationType ?? n?.eventType;
  if (!n || !type) return null;
  if (type === 'Complaint') {
    return {
      reportingMta: 'amazonses.com',
      recipients: (n.complaint?.complainedRecipients ?? []).map((r) => ({
        recipient: r.emailAddress?.toLowerCase() ?? null, category: 'complaint', status: null, smtpCode: null,
        diagnostic: `feedback-type: ${n.complaint?.complaintFeedbackType ?? 'abuse'}`,
      })),
    };
  }
  if (type === 'Delivery') {
    return {
      reportingMta: 'amazonses.com',
      recipients: (n.delivery?.recipients ?? []).map((r) => ({ recipient: r.toLowerCase(), category: 'not-a-bounce', status: null, smtpCode: null, diagnostic: 'delivered' })),
    };
  }
  if (type !== 'Bounce') return null;
  const transient = n.bounce?.bounceType === 'Transient';
  return {
    reportingMta: n.bounce?.reportingMTA?.replace(/^dns;\s*/i, '') ?? 'amazonses.com',
    recipients: (n.bounce?.bouncedRecipients ?? []).map((r) => {
      const diagnostic = (r.diagnosticCode ?? '').replace(/^smtp;\s*/i, '');
      const status = r.status ? extractStatus(r.status) : extractStatus(diagnostic);
      const smtpCode = extractReplyCode(diagnostic);
      const category = categorise(diagnostic, status, smtpCode);
      return { recipient: r.emailAddress?.toLowerCase() ?? null, category: transient && category === 'hard' ? 'soft' : category, status, smtpCode, diagnostic };
    }),
  };
}

// The pre-send checklist: every rule that receivers, mailbox providers or the law enforce,
// checked before a campaign may be scheduled or sent. Pure: callers load the data.
import { renderForRecipient, sampleMergeVars, type CompiledCampaign } from '@rundbrief/mailer/render/index';
import type { DomainState } from '../senders/state.ts';
import type { CoreText } from '../texts.ts';

/**
 * `fix`: the app page where a failed item is fixed (a path, shown as a link).
 * `message` is English (REST API, send refusal); `text` is the same as a code for the web's
 * catalogue (coreTexts.checklist.*); `variant`: the A/B variant the item is about.
 */
export type ChecklistItem = { id: string; ok: boolean; severity: 'block' | 'warn'; message: string; text?: CoreText; variant?: string; fix?: string };

export type ChecklistCampaign = {
  subject: string;
  preheader?: string | null;
  listIds: readonly string[];
  /** The MJML source: entity-encoded hrefs are only visible there (compiling decodes them). */
  mjml?: string;
  /** The domain as domainState() reads it: the same sentence the domain page shows. */
  identity: { address: string; domain: DomainState } | null;
};
export type ChecklistTenant = { imprint: string | null };

/** Gmail clips HTML bodies above ~102 KB ("[Message clipped]"), hiding the footer. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/** Past this we refuse: most receivers throttle or junk very large bulk mail. */
export const HARD_SIZE_LIMIT_BYTES = 512 * 1024;

const SHORTENERS = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly',
  'shorturl.at', 't.ly', 'rb.gy', 'tiny.cc', 'bl.ink', 's.id', 'lnkd.in', 'v.gd', 'shorte.st', 'adf.ly', 'soo.gd',
]);

const SAMPLE = sampleMergeVars({ appUrl: 'https://rundbrief.invalid' });

type Link = { attr: 'href' | 'src'; raw: string; value: string };

function decode(s: string): string {
  return s
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function linksOf(html: string): Link[] {
  const out: Link[] = [];
  for (const m of html.matchAll(/\s(href|src|background)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const raw = m[2] ?? m[3] ?? '';
    out.push({ attr: m[1]!.toLowerCase() === 'href' ? 'href' : 'src', raw, value: decode(raw).replace(/[\s\u0000-\u001f]+/g, '') });
  }
  return out;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Why a URL hides where it goes (IP literal, hex/octal/percent-encoded host, entity-encoded letters), or null. */
export function obfuscationOf(link: Link): string | null {
  if (/&#x?[0-9a-f]+;?/i.test(link.raw) && /^&#/i.test(link.raw.trim())) return 'is written with character entities';
  const m = /^(https?:)?\/\/([^/?#]*)/i.exec(link.value);
  if (!m) return null;
  const rawHost = m[2]!.replace(/^[^@]*@/, '').replace(/:\d+$/, '');
  if (/%[0-9a-f]{2}/i.test(rawHost)) return 'has a percent-encoded host';
  if (/^\[.*\]$/.test(rawHost)) return 'points to an IP address';
  // Browsers read 0x7f.1, 0177.0.0.1 and 2130706433 as IP addresses too.
  if (rawHost.split('.').every((l) => /^(0x[0-9a-f]*|\d+)$/i.test(l))) {
    return IPV4.test(rawHost) && !/(^|\.)0\d/.test(rawHost) ? 'points to an IP address' : 'uses a hex, octal or numeric host';
  }
  return null;
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
};

export function runChecklist(campaign: ChecklistCampaign, tenant: ChecklistTenant, compiled: CompiledCampaign): ChecklistItem[] {
  const sample = renderForRecipient(compiled, SAMPLE);
  const links = [...linksOf(sample.html), ...linksOf(campaign.mjml ?? '').filter((l) => /^\s*&#/.test(l.raw))];
  const hrefs = links.filter((l) => l.attr === 'href').map((l) => l.value);
  const items: ChecklistItem[] = [];
  // Each outcome: [code under coreTexts.checklist, English message, params].
  type Said = readonly [code: string, message: string, params?: Record<string, string | number>];
  const add = (id: string, ok: boolean, severity: ChecklistItem['severity'], okSaid: Said, badSaid: Said) => {
    const [code, message, params] = ok ? okSaid : badSaid;
    items.push({ id, ok, severity, message, text: { code: `checklist.${code}`, ...(params ? { params } : {}) } });
  };

  const d = campaign.identity?.domain;
  const address = campaign.identity?.address ?? '';
  add('sender', !!campaign.identity, 'block', ['sentFrom', `Sent from ${address}.`, { address }], ['chooseSender', 'Choose a sender identity.']);
  if (d) {
    // one reading of the domain (senders/state.ts): verified, in grace or not, and why
    // (the web says the summary through its own domain words; `summary` is the English one)
    add('sender_domain', d.verified, 'block', ['domainState', d.summary, { summary: d.summary }],
      ['domainFix', `${d.summary} Fix its DNS records under Settings → Domains and check again.`, { summary: d.summary }]);
    if (!d.verified) items.at(-1)!.fix = '/app/settings/domains';
    if (d.inGrace) {
      add('sender_dns', false, 'warn', ['domainState', '', { summary: d.summary }], ['domainState', d.summary, { summary: d.summary }]);
      items.at(-1)!.fix = '/app/settings/domains';
    }
  }
  add('audience', campaign.listIds.length > 0, 'block', ['audienceChosen', 'Audience chosen.'], ['chooseList', 'Choose at least one list.']);
  add('subject', campaign.subject.trim().length > 0, 'block', ['subjectPresent', 'Subject present.'], ['enterSubject', 'Enter a subject.']);
  add('text_part', sample.text.replace(/\s+/g, '').length > 0, 'block', ['textPartPresent', 'Plain-text part present.'],
    ['textPartEmpty', 'The plain-text part is empty; receivers distrust HTML-only mail.']);
  add('unsubscribe', hrefs.includes(SAMPLE.unsubscribeUrl), 'block', ['unsubscribePresent', 'Unsubscribe link present.'],
    ['addUnsubscribe', 'Add an unsubscribe link: <a href="{{ unsubscribe_url }}">Unsubscribe</a> (required by law and by Gmail/Yahoo bulk sender rules).',
      { snippet: '<a href="{{ unsubscribe_url }}">Unsubscribe</a>' }]);
  const imprint = tenant.imprint?.trim();
  const before = items.length;
  add('imprint', !!imprint && compiled.html.slots.some((s) => s.k === 'imprint'), 'block', ['imprintIncluded', 'Imprint included.'],
    imprint ? ['addImprintTag', 'Add your imprint to the mail with the {{ imprint }} tag.', { tag: '{{ imprint }}' }]
      : ['noImprint', 'Your account has no imprint (Impressum) yet: add it under Settings → Company, then use {{ imprint }} in the mail.', { tag: '{{ imprint }}' }]);
  if (!imprint) items[before]!.fix = '/app/settings/company';

  const hidden = links.map((l) => [l, obfuscationOf(l)] as const).filter(([, why]) => why);
  add('obfuscated_urls', hidden.length === 0, 'block', ['noObfuscatedUrls', 'No IP-literal or encoded URLs.'],
    ['obfuscatedUrls', `Links must show where they go: ${hidden.slice(0, 3).map(([l, why]) => `${l.value.slice(0, 60)} ${why}`).join('; ')}.`,
      { links: hidden.slice(0, 3).map(([l]) => l.value.slice(0, 60)).join('; ') }]);
  const scripts = links.filter((l) => /^(javascript|vbscript):/i.test(l.value));
  add('javascript_links', scripts.length === 0, 'block', ['noJavascriptLinks', 'No javascript: links.'],
    ['javascriptLinks', `Remove javascript: links (${scripts.length} found); mail clients strip them and filters flag them.`, { count: scripts.length }]);
  const embedded = links.filter((l) => /^(data|cid):/i.test(l.value));
  add('attachments', embedded.length === 0, 'block', ['noAttachments', 'No attachments or embedded files.'],
    ['attachments', `Remove ${embedded.length} embedded ${embedded.length === 1 ? 'file' : 'files'} (data: or cid:); upload files and link to them instead.`, { count: embedded.length }]);

  const bytes = Buffer.byteLength(sample.html, 'utf8');
  const kbOf = (n: number) => Math.round(n / 1024);
  const kb = (n: number) => `${kbOf(n)} KB`;
  if (bytes > HARD_SIZE_LIMIT_BYTES) {
    const said = ['tooLarge', `The HTML is ${kb(bytes)}; the limit is ${kb(HARD_SIZE_LIMIT_BYTES)}.`, { kb: kbOf(bytes), limitKb: kbOf(HARD_SIZE_LIMIT_BYTES) }] as const;
    add('size', false, 'block', said, said);
  } else {
    add('size', bytes <= GMAIL_CLIP_BYTES, 'warn', ['size', `Size ${kb(bytes)}.`, { kb: kbOf(bytes) }],
      ['clipped', `The HTML is ${kb(bytes)}; Gmail clips mail above 102 KB and hides the footer.`, { kb: kbOf(bytes) }]);
  }

  add('preheader', !!campaign.preheader?.trim(), 'warn', ['preheaderSet', 'Preheader set.'],
    ['noPreheader', 'No preheader: inboxes will show the first words of the mail instead.']);
  const images = links.filter((l) => l.attr === 'src' && !/^(data|cid):/i.test(l.value)).length;
  const words = sample.text.replace(/\[[^\]]*\]/g, ' ').split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
  add('image_only', !(images > 0 && words < 40), 'warn', ['enoughText', 'Enough text next to the images.'],
    ['imageOnly', `Mostly images (${images} ${images === 1 ? 'image' : 'images'}, ${words} ${words === 1 ? 'word' : 'words'}): spam filters distrust image-only mail and many readers block images.`, { images, words }]);
  const letters = campaign.subject.replace(/\{\{[^}]*\}\}/g, '').replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  add('subject_caps', !(letters.length >= 6 && upper / letters.length > 0.7), 'warn', ['subjectCalm', 'Subject is not shouting.'],
    ['subjectCaps', 'The subject is mostly CAPITALS, a classic spam signal.']);
  const short = [...new Set(hrefs.map(hostOf).filter((h) => SHORTENERS.has(h)))];
  add('link_shorteners', short.length === 0, 'warn', ['noShorteners', 'No link shorteners.'],
    ['shorteners', `Link shorteners (${short.join(', ')}) hide the destination and are often blocklisted; link directly.`, { hosts: short.join(', ') }]);
  return items;
}

export const blockingItems = (items: ChecklistItem[]) => items.filter((i) => !i.ok && i.severity === 'block');

// compileCampaign: MJML -> HTML exactly once per campaign, then the output is cut into
// static segments and merge slots so that per-recipient rendering is string joins only.
import { convert } from 'html-to-text';
import { compileMjml } from './mjml.ts';
import { htmlEscapeAt, SlotTable } from './merge-tags.ts';
import type { CampaignSource, CompiledCampaign, TemplateIssue, TrackedLinkDef } from './types.ts';

export class TemplateCompileError extends Error {
  readonly issues: TemplateIssue[];
  constructor(issues: TemplateIssue[]) {
    super(issues.map((i) => (i.line ? `Line ${i.line}: ${i.message}` : i.message)).join('\n'));
    this.name = 'TemplateCompileError';
    this.issues = issues;
  }
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const decodeEntities = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * Puts the campaign's preheader into <mj-preview>, replacing any in the template. Everything
 * is inserted on existing lines so MJML's line numbers still match the marketer's source.
 */
function withPreheader(mjml: string, preheader: string): string {
  const preview = `<mj-preview>${xmlEscape(preheader)}</mj-preview>`;
  const stripped = mjml.replace(/<mj-preview>[\s\S]*?<\/mj-preview>/gi, (m) => '\n'.repeat(m.split('\n').length - 1));
  if (/<mj-head\s*>/i.test(stripped)) return stripped.replace(/<mj-head\s*>/i, (m) => m + preview);
  return stripped.replace(/<mjml\b[^>]*>/i, (m) => `${m}<mj-head>${preview}</mj-head>`);
}

const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')/i;

/** Replaces trackable hrefs by click slots; links carrying merge tags (unsubscribe, per-recipient URLs) are left alone. */
function rewriteLinks(html: string, table: SlotTable, links: TrackedLinkDef[]): string {
  const byUrl = new Map<string, number>();
  return html.replace(/<a\b[^>]*>/gi, (tag) =>
    tag.replace(HREF, (whole, lead: string, dq?: string, sq?: string) => {
      const raw = dq ?? sq ?? '';
      if (table.tokenPattern.test(raw)) return whole;
      const url = decodeEntities(raw).trim();
      if (!/^https?:\/\//i.test(url)) return whole;
      let index = byUrl.get(url);
      if (index === undefined) {
        index = links.length;
        byUrl.set(url, index);
        links.push({ index, url });
      }
      return `${lead}"${table.token({ k: 'click', index })}"`;
    }),
  );
}

/** Text part from the HTML: skips MJML's hidden preheader div and images, keeps case. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'div[style^="display:none"]', format: 'skip' },
      { selector: 'img', format: 'skip' },
      ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((h) => ({ selector: h, options: { uppercase: false } })),
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  }).trim();
}

type Compiled = { compiled: CompiledCampaign | null; issues: TemplateIssue[] };

async function compile(source: CampaignSource, lenient: boolean): Promise<Compiled> {
  const table = new SlotTable(source.customFields, source.consentTags);
  const issues: TemplateIssue[] = [];
  const subject = table.tokenize(source.subject, 'Subject', issues, lenient);
  const body = table.tokenize(source.mjml, null, issues, lenient);
  const preheader = source.preheader?.trim() ? table.tokenize(source.preheader, 'Preheader', issues, lenient) : null;
  const textOverride = source.textOverride?.trim() ? table.tokenize(source.textOverride, 'Text part', issues, lenient) : null;
  if (issues.length && !lenient) return { compiled: null, issues };

  const out = await compileMjml(preheader ? withPreheader(body, preheader) : body);
  issues.push(...out.issues);
  if (!out.html || (issues.length && !lenient)) return { compiled: null, issues };

  const links: TrackedLinkDef[] = [];
  let html = source.trackClicks === false ? out.html : rewriteLinks(out.html, table, links);
  const text = textOverride ?? htmlToText(html);
  if (source.trackOpens !== false) html = html.replace(/<\/body>/i, (m) => table.token({ k: 'open' }) + m);

  const compiled: CompiledCampaign = {
    version: 1,
    subject: table.split(subject, () => 'header'),
    html: table.split(html, htmlEscapeAt),
    text: table.split(text, () => 'text'),
    links,
    imprint: source.imprint?.trim() ?? '',
    tags: [...table.tags].sort(),
  };
  return { compiled, issues };
}

/**
 * Compiles a campaign once. Throws TemplateCompileError listing every problem (unknown or
 * malformed merge tags, MJML validation errors with line numbers).
 */
export async function compileCampaign(source: CampaignSource): Promise<CompiledCampaign> {
  const { compiled, issues } = await compile(source, false);
  if (!compiled) throw new TemplateCompileError(issues);
  return compiled;
}

/** For the editor: compiles what can be compiled and returns the problems next to it. */
export async function compileForPreview(source: CampaignSource): Promise<Compiled> {
  return compile(source, true);
}

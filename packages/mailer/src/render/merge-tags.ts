// Merge tags: `{{ name }}` or `{{ name | "fallback" }}`. Before MJML runs, every tag is
// replaced by an opaque alphanumeric token that survives MJML, juice and html-to-text
// unchanged; afterwards the output is split at the tokens into static segments and slots.
import { randomBytes } from 'node:crypto';
import type { CompiledPart, ConsentTag, Escape, Slot, TemplateIssue } from './types.ts';

/** Per-recipient fields every subscriber has. */
export const BUILTIN_FIELDS = ['firstName', 'lastName', 'email'] as const;
/** Tags filled by the platform, not from the subscriber record. */
export const SYSTEM_TAGS = { unsubscribe_url: 'unsubscribe', preferences_url: 'preferences', imprint: 'imprint' } as const;
/** Tags of consent mails, known only when the source asks for them (CampaignSource.consentTags). */
export const CONSENT_TAGS: Record<ConsentTag, 'confirm' | 'confirmUntil'> = { confirm_url: 'confirm', confirm_until: 'confirmUntil' };

const TAG = /\{\{([^{}\n]*)\}\}/g;
const TAG_BODY = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*)?$/;

/** A slot before its escaping is known (the same tag can land in HTML and in text). */
type AnySlotDef =
  | { k: 'field'; name: string; fallback: string }
  | { k: 'unsubscribe' | 'preferences' | 'imprint' }
  | { k: 'click'; index: number }
  | { k: 'confirm' | 'confirmUntil' }
  | { k: 'open' };

export class SlotTable {
  private readonly nonce = randomBytes(5).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
  readonly defs: AnySlotDef[] = [];
  readonly tags = new Set<string>();
  private readonly known: Set<string>;

  private readonly consent: ReadonlySet<string>;

  constructor(customFields: readonly string[] = [], consentTags: readonly ConsentTag[] = []) {
    this.consent = new Set(consentTags);
    this.known = new Set([...BUILTIN_FIELDS, ...Object.keys(SYSTEM_TAGS), ...consentTags, ...customFields]);
  }

  /** A fresh token standing for `def`. */
  token(def: AnySlotDef): string {
    this.defs.push(def);
    return `rbx${this.nonce}q${this.defs.length - 1}z`;
  }

  /**
   * Replaces merge tags in `input` by tokens. Malformed or unknown tags become issues
   * (`where` names the field, line numbers count in `input`); with `lenient` they stay
   * as literal text so a preview can still render.
   */
  tokenize(input: string, where: string | null, issues: TemplateIssue[], lenient = false): string {
    return input.replace(TAG, (whole, body: string, offset: number) => {
      const line = where ? null : input.slice(0, offset).split('\n').length;
      const prefix = where ? `${where}: ` : '';
      const m = TAG_BODY.exec(body);
      if (!m) {
        issues.push({ line, message: `${prefix}malformed merge tag ${whole} (expected {{ name }} or {{ name | "fallback" }})` });
        return lenient ? whole : '';
      }
      const name = m[1]!;
      if (!this.known.has(name)) {
        issues.push({ line, message: `${prefix}unknown merge tag {{ ${name} }}` });
        return lenient ? whole : '';
      }
      this.tags.add(name);
      const system = SYSTEM_TAGS[name as keyof typeof SYSTEM_TAGS];
      if (system) return this.token({ k: system });
      if (this.consent.has(name)) return this.token({ k: CONSENT_TAGS[name as ConsentTag] });
      return this.token({ k: 'field', name, fallback: m[2] ?? m[3] ?? '' });
    });
  }

  get tokenPattern(): RegExp {
    return new RegExp(`rbx${this.nonce}q(\\d+)z`, 'gi');
  }

  /** Splits tokenised output into segments and slots; `escAt` picks the escaping per position. */
  split(output: string, escAt: (before: string) => Escape): CompiledPart {
    const s: string[] = [];
    const slots: Slot[] = [];
    let last = 0;
    for (const m of output.matchAll(this.tokenPattern)) {
      const def = this.defs[Number(m[1])];
      if (!def) continue;
      const before = output.slice(last, m.index);
      s.push(before);
      slots.push(def.k === 'open' ? def : ({ ...def, esc: escAt(output.slice(Math.max(0, m.index - 12), m.index)) } as Slot));
      last = m.index + m[0].length;
    }
    s.push(output.slice(last));
    return { s, slots };
  }
}

/** In HTML output: a token right at the start of an href/src value is a URL position. */
export const htmlEscapeAt = (before: string): Escape => (/(?:href|src)\s*=\s*["']$/i.test(before) ? 'url' : 'html');

// The only place that calls MJML. Compiling is the expensive step (~10-50 ms per template),
// so it happens once per campaign; the counter lets tests prove that per-recipient
// rendering never reaches it.
import mjml2html from 'mjml';
import type { TemplateIssue } from './types.ts';

type MjmlError = { line: number; message: string; tagName: string };
type MjmlResult = { html: string; errors: MjmlError[] };
// @types/mjml describes MJML 4 (synchronous); MJML 5 returns a Promise.
const compile = mjml2html as unknown as (mjml: string, options: Record<string, unknown>) => Promise<MjmlResult>;

let calls = 0;

/** How many times MJML has compiled anything in this process. */
export function mjmlCompileCount(): number {
  return calls;
}

/** Compiles MJML to HTML; never throws for template mistakes, returns them as issues. */
export async function compileMjml(mjml: string): Promise<{ html: string | null; issues: TemplateIssue[] }> {
  calls += 1;
  try {
    // minify stays off: htmlnano can mangle merge-slot tokens and MSO conditionals.
    const out = await compile(mjml, { validationLevel: 'soft', minify: false, keepComments: false, beautify: false });
    return {
      html: out.html,
      issues: out.errors.map((e) => ({ line: e.line ?? null, message: e.message, tagName: e.tagName })),
    };
  } catch (err) {
    // Unparseable input ("Parsing failed", "Malformed MJML"): no line is known.
    return { html: null, issues: [{ line: null, message: err instanceof Error ? err.message : String(err) }] };
  }
}

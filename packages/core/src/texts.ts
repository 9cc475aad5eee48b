// A text core shows to people, as a stable code plus its values (issue 14): core keeps writing
// English (`message`) for the REST API, logs and errors; the web app renders `code` with
// `params` from its catalogue (apps/web/messages/*/coreTexts.json) in the reader's language.
// Codes are dotted paths into that namespace ("checklist.chooseSender").
export type CoreText = { code: string; params?: Record<string, string | number> };

// Refusals (DomainError.text, zod issues of core schemas, password rules, address checks) use
// the same CoreText, with codes under the catalogue namespace `errors.core`
// (apps/web/messages/*/errors.json): "lists.nameTaken", "common.notFound" with { what }.
// The web boundary renders them for forms; the English message stays for the REST API and logs.
export type TextParams = Record<string, string | number | undefined>;
export function coreText(code: string, params?: TextParams): CoreText {
  if (!params) return { code };
  const defined = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return { code, params: Object.fromEntries(defined) };
}

/**
 * A core zod schema's message with its text code, where zod takes a message:
 * `z.string().min(1, zodText('lists.nameRequired', 'Give the list a name.'))`,
 * `z.enum(ROLES, zodText('accounts.chooseRole', 'Choose a role'))`, `{ ...zodText(…), path }`.
 * The issue keeps `message` (English) and carries the code in `params.text` (issueText).
 */
export function zodText(code: string, english: string, params?: TextParams) {
  return {
    // zod calls this with the raw issue before it copies the issue's fields (finalizeIssue)
    error: (iss: object) => {
      const raw = iss as { params?: Record<string, unknown> };
      raw.params = { ...raw.params, text: coreText(code, params) };
      return english;
    },
  };
}

/** An issue core adds itself (ctx.addIssue): `ctx.addIssue({ code: 'custom', ...issueText(…) })`. */
export const issueText = (code: string, english: string, params?: TextParams) =>
  ({ message: english, params: { text: coreText(code, params) } });

/** The text code of a zod issue raised by a core schema (zodText / issueText), if it has one. */
export function textOfIssue(issue: object): CoreText | undefined {
  const t = (issue as { params?: { text?: CoreText } }).params?.text;
  return t && typeof t.code === 'string' ? t : undefined;
}

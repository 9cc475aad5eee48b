// A text core shows to people, as a stable code plus its values (issue 14): core keeps writing
// English (`message`) for the REST API, logs and errors; the web app renders `code` with
// `params` from its catalogue (apps/web/messages/*/coreTexts.json) in the reader's language.
// Codes are dotted paths into that namespace ("checklist.chooseSender").
export type CoreText = { code: string; params?: Record<string, string | number> };

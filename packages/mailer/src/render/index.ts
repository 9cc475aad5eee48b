export * from './types.ts';
export { compileCampaign, compileForPreview, htmlToText, TemplateCompileError } from './compile.ts';
export { renderForRecipient, escapeHtml } from './render.ts';
export { mjmlCompileCount } from './mjml.ts';
export { BUILTIN_FIELDS, CONSENT_TAGS, SYSTEM_TAGS } from './merge-tags.ts';
export { sampleMergeVars } from './sample.ts';

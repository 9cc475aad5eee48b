// renderForRecipient: fills the slots of a compiled campaign. Pure string joins; never
// calls MJML (see mjml.ts's counter and the compile-once test).
import type { CompiledCampaign, CompiledPart, Escape, MergeVars, RenderedMessage, Slot } from './types.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

function fieldValue(vars: MergeVars, name: string): string {
  const v = name === 'email' ? vars.email
    : name === 'firstName' ? vars.firstName
    : name === 'lastName' ? vars.lastName
    : vars.attributes?.[name];
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object') return '';
  return String(v).trim();
}

/** Writes a value in its context. `trusted`: a URL the platform built (no scheme check). */
function escapeFor(esc: Escape, value: string, trusted: boolean): string {
  switch (esc) {
    case 'html':
      return escapeHtml(value).replace(/\r?\n/g, '<br>');
    case 'url':
      // A subscriber-controlled value opening an href/src must not become javascript: or data:.
      if (!trusted && value && !/^(https?:|mailto:)/i.test(value)) return '#';
      return escapeHtml(value);
    case 'header':
      return value.replace(/[\r\n]+/g, ' ');
    case 'text':
      return value;
  }
}

function slotValue(c: CompiledCampaign, slot: Slot, vars: MergeVars): string {
  switch (slot.k) {
    case 'field':
      return escapeFor(slot.esc, fieldValue(vars, slot.name) || slot.fallback, false);
    case 'unsubscribe':
      return escapeFor(slot.esc, vars.unsubscribeUrl, true);
    case 'preferences':
      return escapeFor(slot.esc, vars.preferencesUrl, true);
    case 'imprint':
      return escapeFor(slot.esc, c.imprint, true);
    case 'click':
      return escapeFor(slot.esc, vars.clickUrl ? vars.clickUrl(slot.index) : (c.links[slot.index]?.url ?? ''), true);
    case 'confirm':
      return escapeFor(slot.esc, vars.confirmUrl ?? '', true);
    case 'confirmUntil':
      return escapeFor(slot.esc, vars.confirmUntil ?? '', true);
    case 'open':
      return vars.openPixelUrl
        ? `<img src="${escapeHtml(vars.openPixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;" />`
        : '';
  }
}

function fill(c: CompiledCampaign, part: CompiledPart, vars: MergeVars): string {
  let out = part.s[0]!;
  for (let i = 0; i < part.slots.length; i++) out += slotValue(c, part.slots[i]!, vars) + part.s[i + 1]!;
  return out;
}

/** The merge values of one part for one recipient, in slot order (for composePrepared). */
export function slotValues(c: CompiledCampaign, part: CompiledPart, vars: MergeVars): string[] {
  const out = new Array<string>(part.slots.length);
  for (let i = 0; i < part.slots.length; i++) out[i] = slotValue(c, part.slots[i]!, vars);
  return out;
}

/** Subject of one recipient (a header: no MJML, no body). */
export function renderSubject(c: CompiledCampaign, vars: MergeVars): string {
  return fill(c, c.subject, vars).trim();
}

export function renderForRecipient(compiled: CompiledCampaign, vars: MergeVars): RenderedMessage {
  return {
    subject: fill(compiled, compiled.subject, vars).trim(),
    html: fill(compiled, compiled.html, vars),
    text: fill(compiled, compiled.text, vars),
  };
}

// Click tracking across variants. A click token names a message and a link index, and the
// redirect looks the URL up as TrackedLink(campaignId, index): one table per campaign. Each
// variant is compiled on its own (indexes from 0), so the variants' links are joined into
// one table (by URL, in order of first appearance) and every variant's click slots are
// renumbered into it. Each variant's `links` becomes the whole table, so an index is also
// its position there (render reads links[index] when clicks are not tracked).
import type { CompiledCampaign, CompiledPart, TrackedLinkDef } from '@rundbrief/mailer/render/types';

export function unifyVariantLinks(compiled: readonly CompiledCampaign[]): { variants: CompiledCampaign[]; links: TrackedLinkDef[] } {
  const links: TrackedLinkDef[] = [];
  const byUrl = new Map<string, number>();
  const maps = compiled.map((c) => {
    const map = new Map<number, number>();
    for (const l of c.links) {
      let index = byUrl.get(l.url);
      if (index === undefined) {
        index = links.length;
        byUrl.set(l.url, index);
        links.push({ index, url: l.url });
      }
      map.set(l.index, index);
    }
    return map;
  });
  const renumber = (part: CompiledPart, map: Map<number, number>): CompiledPart => ({
    s: part.s,
    slots: part.slots.map((slot) => (slot.k === 'click' ? { ...slot, index: map.get(slot.index) ?? slot.index } : slot)),
  });
  const variants = compiled.map((c, i) => ({
    ...c,
    subject: renumber(c.subject, maps[i]!),
    html: renumber(c.html, maps[i]!),
    text: renumber(c.text, maps[i]!),
    links,
  }));
  return { variants, links };
}

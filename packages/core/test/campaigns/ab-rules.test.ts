import { describe, expect, it } from 'vitest';
import { compileCampaign, renderForRecipient } from '@rundbrief/mailer/render/index';
import { abSplit, abTestInput, pickAbWinner, type VariantFigures } from '../../src/campaigns/ab-rules.ts';
import { unifyVariantLinks } from '../../src/campaigns/ab-links.ts';

const v = (label: string, sent: number, opens: number, clicks = 0): VariantFigures => ({ variantId: `id-${label}`, label, sent, opens, clicks });

describe('abSplit', () => {
  it('takes the share (rounded) and splits it evenly, sizes differing by at most one', () => {
    expect(abSplit(1000, 20, 2)).toEqual({ test: 200, perVariant: [100, 100], rest: 800 });
    expect(abSplit(1000, 20, 3)).toEqual({ test: 200, perVariant: [67, 67, 66], rest: 800 });
    expect(abSplit(101, 50, 4)).toEqual({ test: 51, perVariant: [13, 13, 13, 12], rest: 50 });
  });
  it('gives every variant one recipient while the audience allows, never more than the audience', () => {
    expect(abSplit(10, 5, 3)).toEqual({ test: 3, perVariant: [1, 1, 1], rest: 7 });
    expect(abSplit(2, 20, 3)).toEqual({ test: 2, perVariant: [1, 1, 0], rest: 0 });
    expect(abSplit(0, 20, 2)).toEqual({ test: 0, perVariant: [0, 0], rest: 0 });
  });
});

describe('pickAbWinner', () => {
  it('picks the best human open rate, not the most opens', () => {
    // B: 30/100 = 30 %; A: 40/200 = 20 %
    expect(pickAbWinner([v('A', 200, 40), v('B', 100, 30)], 'OPEN').label).toBe('B');
  });
  it('uses clicks when the metric is CLICK', () => {
    expect(pickAbWinner([v('A', 100, 50, 1), v('B', 100, 10, 5), v('C', 100, 10, 4)], 'CLICK').label).toBe('B');
  });
  it('gives a tie to the earlier variant, whatever the input order', () => {
    expect(pickAbWinner([v('C', 100, 10), v('B', 50, 5), v('A', 200, 20)], 'OPEN').label).toBe('A');
    expect(pickAbWinner([v('B', 100, 0), v('A', 100, 0)], 'OPEN').label).toBe('A');
    expect(pickAbWinner([v('C', 3, 1), v('B', 3, 1)], 'OPEN').label).toBe('B');
  });
  it('counts a variant with nothing delivered as rate 0', () => {
    expect(pickAbWinner([v('A', 0, 0), v('B', 10, 1)], 'OPEN').label).toBe('B');
    expect(pickAbWinner([v('A', 0, 5), v('B', 0, 0)], 'OPEN').label).toBe('A');
  });
});

describe('abTestInput', () => {
  const base = { differs: ['subject'], testPercent: 20, metric: 'OPEN', waitMinutes: 60, variants: [{ subject: 'One' }, { subject: 'Two' }] };
  it('accepts 2-4 differing variants', () => {
    expect(abTestInput.safeParse(base).success).toBe(true);
  });
  it.each([
    [{ variants: [{ subject: 'One' }] }, 'variants', 'at least 2 variants'],
    [{ variants: [{ subject: 'a' }, { subject: 'b' }, { subject: 'c' }, { subject: 'd' }, { subject: 'e' }] }, 'variants', 'at most 4'],
    [{ testPercent: 4 }, 'testPercent', 'at least 5 %'],
    [{ testPercent: 51 }, 'testPercent', 'at most 50 %'],
    [{ waitMinutes: 5 }, 'waitMinutes', 'at least 15 minutes'],
    [{ differs: [] }, 'differs', 'what differs'],
    [{ variants: [{ subject: 'One' }, { subject: ' ' }] }, 'variants.1.subject', 'Variant B: enter a subject'],
    [{ variants: [{ subject: 'Same' }, { subject: 'Same' }] }, 'variants.1', 'same as variant A'],
    [{ differs: ['content'], variants: [{ mjml: '<mjml/>' }, { mjml: '' }] }, 'variants.1.mjml', 'Variant B: the content is empty'],
  ])('refuses %j with a message at %s', (over, path, message) => {
    const r = abTestInput.safeParse({ ...base, ...over });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toContain(message);
  });
});

describe('unifyVariantLinks', () => {
  const footer = '<a href="{{ unsubscribe_url }}">Unsubscribe</a> {{ imprint }}';
  const mj = (links: string[]) => `<mjml><mj-body><mj-section><mj-column><mj-text>${links.map((l) => `<a href="${l}">x</a>`).join(' ')} ${footer}</mj-text></mj-column></mj-section></mj-body></mjml>`;
  it('joins the variants links into one table and renumbers each variant into it', async () => {
    const a = await compileCampaign({ subject: 'A', mjml: mj(['https://a.test/1', 'https://shared.test/']), imprint: 'Imp', trackClicks: true });
    const b = await compileCampaign({ subject: 'B', mjml: mj(['https://shared.test/', 'https://b.test/2']), imprint: 'Imp', trackClicks: true });
    const { variants, links } = unifyVariantLinks([a, b]);
    expect(links).toEqual([{ index: 0, url: 'https://a.test/1' }, { index: 1, url: 'https://shared.test/' }, { index: 2, url: 'https://b.test/2' }]);
    const vars = { email: 'x@y.test', unsubscribeUrl: 'https://u.test/', preferencesUrl: 'https://p.test/', clickUrl: (i: number) => `https://t.test/c/${i}` };
    const html = (c: typeof a) => renderForRecipient(c, vars).html;
    // variant B's first link (shared) is index 1 and its second index 2 in the joint table
    expect(html(variants[1]!).indexOf('https://t.test/c/1')).toBeLessThan(html(variants[1]!).indexOf('https://t.test/c/2'));
    expect(html(variants[1]!)).not.toContain('https://t.test/c/0');
    expect(html(variants[0]!)).toContain('https://t.test/c/0');
    // untracked rendering reads links[index]: still the right URLs
    const plain = renderForRecipient(variants[1]!, { ...vars, clickUrl: undefined }).html;
    expect(plain).toContain('https://shared.test/');
    expect(plain).toContain('https://b.test/2');
    expect(plain).not.toContain('https://a.test/1');
  });
});

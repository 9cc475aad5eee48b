import { describe, expect, it } from 'vitest';
import { compileCampaign, compileForPreview, mjmlCompileCount, renderForRecipient, TemplateCompileError, type MergeVars } from './index.ts';

const mjml = (body: string, head = '') => `<mjml>
  <mj-head>${head}</mj-head>
  <mj-body>
    <mj-section><mj-column>
${body}
    </mj-column></mj-section>
  </mj-body>
</mjml>`;

const footer = `<mj-text>{{ imprint }}<br/><a href="{{ unsubscribe_url }}">Unsubscribe</a> · <a href="{{ preferences_url }}">Preferences</a></mj-text>`;

const vars = (over: Partial<MergeVars> = {}): MergeVars => ({
  email: 'ann@example.com',
  firstName: 'Ann',
  lastName: 'Lee',
  attributes: { company: 'ACME' },
  unsubscribeUrl: 'https://app.test/u/tok?a=1&b=2',
  preferencesUrl: 'https://app.test/p/tok',
  ...over,
});

const source = (body: string, over = {}) => ({
  subject: 'Hello {{ firstName | "there" }}',
  preheader: 'News for {{ company | "your team" }}',
  mjml: mjml(body + footer),
  imprint: 'Muster GmbH\nHauptstr. 1, Berlin',
  customFields: ['company'],
  ...over,
});

describe('compileCampaign / renderForRecipient', () => {
  it('escapes an HTML-injection first name in HTML and keeps it as typed in the text part', async () => {
    const c = await compileCampaign(source(`<mj-text>Hi {{ firstName }}!</mj-text><mj-button href="https://x.test/?n={{ firstName }}">Go</mj-button>`));
    const evil = '<script>alert("x")</script>&';
    const r = renderForRecipient(c, vars({ firstName: evil }));
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;!');
    // attribute context: the quote cannot close the href
    expect(r.html).toContain('href="https://x.test/?n=&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"');
    expect(r.text).toContain(`Hi ${evil}!`);
    expect(r.subject).toBe(`Hello ${evil}`);
  });

  it('uses fallbacks for missing built-in and custom fields', async () => {
    const c = await compileCampaign(source(`<mj-text>Dear {{ firstName | "there" }} {{ lastName }}, at {{ company | "your team" }} ({{ email }})</mj-text>`));
    const r = renderForRecipient(c, vars({ firstName: null, lastName: '', attributes: {} }));
    expect(r.subject).toBe('Hello there');
    expect(r.text).toContain('Dear there , at your team (ann@example.com)');
    expect(r.html).toContain('News for your team');
    const named = renderForRecipient(c, vars());
    expect(named.subject).toBe('Hello Ann');
    expect(named.text).toContain('Dear Ann Lee, at ACME');
  });

  it('compiles MJML once for 10,000 recipients', async () => {
    const before = mjmlCompileCount();
    const c = await compileCampaign(source(`<mj-text>Hi {{ firstName | "there" }}</mj-text><mj-button href="https://shop.test/sale">Shop</mj-button>`, { trackClicks: true, trackOpens: true }));
    const cached = JSON.parse(JSON.stringify(c)) as typeof c; // as the worker stores it
    const t0 = performance.now();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const r = renderForRecipient(cached, vars({
        email: `r${i}@example.com`, firstName: `N${i}`,
        openPixelUrl: `https://app.test/t/o/${i}.gif`, clickUrl: (l) => `https://app.test/t/c/${i}-${l}`,
      }));
      if (i % 1000 === 0) seen.add(r.html);
    }
    const ms = performance.now() - t0;
    expect(mjmlCompileCount() - before).toBe(1);
    expect(seen.size).toBe(10);
    expect(ms).toBeLessThan(5_000);
  });

  it('generates a text part without the hidden preheader, or uses the override', async () => {
    const c = await compileCampaign(source(`<mj-text><h1>Big news</h1><p>Read <a href="https://blog.test/post">the post</a>.</p></mj-text>`, { trackClicks: false }));
    const r = renderForRecipient(c, vars());
    expect(r.text).toContain('Big news');
    expect(r.text).toContain('the post [https://blog.test/post]');
    expect(r.text).toContain('Unsubscribe [https://app.test/u/tok?a=1&b=2]');
    expect(r.text).toContain('Muster GmbH\nHauptstr. 1, Berlin');
    expect(r.text).not.toContain('News for');
    expect(r.html).toContain('News for ACME'); // the preheader is in the HTML
    expect(r.html).toContain('Muster GmbH<br>Hauptstr. 1, Berlin');

    const o = await compileCampaign(source('<mj-text>x</mj-text>', { textOverride: 'Hi {{ firstName }} & co\nBye: {{ unsubscribe_url }}' }));
    expect(renderForRecipient(o, vars()).text).toBe('Hi Ann & co\nBye: https://app.test/u/tok?a=1&b=2');
  });

  it('rewrites links for click tracking but never the unsubscribe or preferences links', async () => {
    const c = await compileCampaign(source(
      `<mj-text><a href="https://a.test/x?y=1&amp;z=2">A</a> <a href="https://b.test/">B</a> <a href="https://a.test/x?y=1&amp;z=2">A again</a> <a href="mailto:hi@a.test">mail</a></mj-text>`,
      { trackClicks: true, trackOpens: true },
    ));
    expect(c.links).toEqual([{ index: 0, url: 'https://a.test/x?y=1&z=2' }, { index: 1, url: 'https://b.test/' }]);
    const r = renderForRecipient(c, vars({ clickUrl: (i) => `https://app.test/t/c/m-${i}`, openPixelUrl: 'https://app.test/t/o/m.gif' }));
    expect(r.html).toContain('href="https://app.test/t/c/m-0"');
    expect(r.html).toContain('href="https://app.test/t/c/m-1"');
    expect(r.html).not.toContain('https://a.test/x');
    expect(r.html).toContain('href="mailto:hi@a.test"');
    expect(r.html).toContain('href="https://app.test/u/tok?a=1&amp;b=2"');
    expect(r.html).toContain('href="https://app.test/p/tok"');
    expect(r.html).toMatch(/<img src="https:\/\/app\.test\/t\/o\/m\.gif" width="1" height="1"[^>]*\/>\s*<\/body>/);
    expect(r.text).toContain('B [https://app.test/t/c/m-1]');
    // without tracking URLs (previews, test sends) the original links come back
    const plain = renderForRecipient(c, vars());
    expect(plain.html).toContain('href="https://a.test/x?y=1&amp;z=2"');
    expect(plain.html).not.toContain('/t/o/');
  });

  it('does not let a subscriber value become a javascript: URL', async () => {
    const c = await compileCampaign(source(`<mj-button href="{{ website }}">Site</mj-button>`, { customFields: ['company', 'website'] }));
    expect(renderForRecipient(c, vars({ attributes: { website: 'javascript:alert(1)' } })).html).toContain('href="#"');
    expect(renderForRecipient(c, vars({ attributes: { website: 'https://ann.test' } })).html).toContain('href="https://ann.test"');
  });

  it('refuses unknown and malformed tags, naming them with line numbers', async () => {
    const err = await compileCampaign(source(`<mj-text>{{ frstName }}</mj-text>\n<mj-text>{{ first name }}</mj-text>`, { subject: 'Hi {{ nickname }}' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateCompileError);
    const issues = (err as TemplateCompileError).issues;
    expect(issues).toContainEqual({ line: null, message: 'Subject: unknown merge tag {{ nickname }}' });
    expect(issues).toContainEqual({ line: 5, message: 'unknown merge tag {{ frstName }}' });
    expect(issues.find((i) => i.line === 6)?.message).toMatch(/malformed merge tag \{\{ first name \}\}/);
  });

  it('reports MJML validation errors with line numbers; the preview still renders', async () => {
    const src = source(`<mj-text>ok</mj-text>\n<mj-bogus />`);
    await expect(compileCampaign(src)).rejects.toThrow(/Line 6: Element mj-bogus doesn't exist/);
    const p = await compileForPreview(src);
    expect(p.issues[0]).toMatchObject({ line: 6, tagName: 'mj-bogus' });
    expect(renderForRecipient(p.compiled!, vars()).html).toContain('>ok<');
  });

  it('is JSON-serialisable without losing anything', async () => {
    const c = await compileCampaign(source('<mj-text>Hi {{ firstName }}</mj-text>', { trackClicks: true }));
    const back = JSON.parse(JSON.stringify(c)) as typeof c;
    expect(renderForRecipient(back, vars())).toEqual(renderForRecipient(c, vars()));
  });

  it('{{ confirm_url }} exists only where consent tags are asked for, and is never click-tracked', async () => {
    const body = '<mj-button href="{{ confirm_url }}">Confirm</mj-button><mj-text>{{ confirm_url }} until {{ confirm_until }}</mj-text>';
    await expect(compileCampaign(source(body))).rejects.toThrow(/unknown merge tag \{\{ confirm_url \}\}/);
    const c = await compileCampaign(source(body, { consentTags: ['confirm_url', 'confirm_until'], trackClicks: true }));
    expect(c.links).toEqual([]);
    const url = 'https://app.test/confirm/AbC_-123?x=1&y=2';
    const r = renderForRecipient(c, vars({ confirmUrl: url, confirmUntil: '2026-11-30' }));
    expect(r.html).toContain('href="https://app.test/confirm/AbC_-123?x=1&amp;y=2"');
    expect(r.text).toContain(`${url} until 2026-11-30`);
  });
});

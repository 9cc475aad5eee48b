import { getDb, tenantDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { assertSendable, checkCampaign, createCampaign, createTemplate, STARTER_TEMPLATES, STARTER_TEMPLATES_DE, updateCampaign, type CampaignUpdate } from '../../src/authoring/index.ts';
import { DomainError } from '../../src/errors.ts';
import { sendableSetup } from './helpers.ts';

beforeEach(truncateAll);
afterAll(() => getDb().$disconnect());

const body = (inner: string) => STARTER_TEMPLATES.plain.mjml.replace('Write your message here, like a personal letter. Short paragraphs read best.', inner);

async function itemAfter(change: CampaignUpdate, id: string) {
  const s = await sendableSetup();
  await updateCampaign({ tenantId: s.a.id }, s.campaignId, change);
  const check = await checkCampaign({ tenantId: s.a.id }, s.campaignId);
  return { item: check.items.find((i) => i.id === id), check, s };
}

describe('pre-send checklist', () => {
  it('passes a complete campaign built from a starter template', async () => {
    const s = await sendableSetup();
    const check = await checkCampaign({ tenantId: s.a.id }, s.campaignId);
    expect(check.items.filter((i) => !i.ok)).toEqual([]);
    expect(check.sendable).toBe(true);
    await expect(assertSendable(s.a.id, s.campaignId)).resolves.toMatchObject({ compiled: { version: 1 } });
  });

  it.each(['newsletter', 'announcement', 'plain'] as const)('starter %s has unsubscribe, preferences and imprint', async (key) => {
    const { item, check } = await itemAfter({ mjml: STARTER_TEMPLATES[key].mjml }, 'unsubscribe');
    expect(item?.ok).toBe(true);
    expect(check.items.find((i) => i.id === 'imprint')?.ok).toBe(true);
    expect(STARTER_TEMPLATES[key].mjml).toContain('{{ preferences_url }}');
  });

  it.each(['newsletter', 'announcement', 'plain'] as const)('German starter %s compiles and passes the checklist (Abmelden, Impressum)', async (key) => {
    const mjml = STARTER_TEMPLATES_DE[key].mjml;
    const { check } = await itemAfter({ mjml }, 'unsubscribe');
    expect(check.items.filter((i) => !i.ok)).toEqual([]);
    expect(check.sendable).toBe(true);
    expect(mjml).toContain('{{ preferences_url }}');
    expect(mjml).toMatch(/<a href="\{\{ unsubscribe_url \}\}"[^>]*>Abmelden<\/a>/);
    expect(mjml).toMatch(/Impressum<\/strong><br \/>\{\{ imprint \}\}/);
  });

  it('a new campaign or template starts from the starter in the given language', async () => {
    const s = await sendableSetup();
    const de = await createCampaign({ tenantId: s.a.id }, { name: 'Dezember', language: 'de' });
    const en = await createCampaign({ tenantId: s.a.id }, { name: 'December' });
    const mjmlOf = async (id: string) => (await tenantDb(s.a.id).campaign.findFirstOrThrow({ where: { id }, select: { mjml: true } })).mjml;
    expect(await mjmlOf(de.id)).toBe(STARTER_TEMPLATES_DE.newsletter.mjml);
    expect(await mjmlOf(en.id)).toBe(STARTER_TEMPLATES.newsletter.mjml);
    // templates too; an unknown language is English, an unknown starter still refused
    expect(await createTemplate({ tenantId: s.a.id }, { starter: 'plain', language: 'de' })).toMatchObject({ name: 'Schlichter Brief', mjml: STARTER_TEMPLATES_DE.plain.mjml });
    expect(await createTemplate({ tenantId: s.a.id }, { starter: 'plain', language: 'xx' })).toMatchObject({ name: 'Plain letter', mjml: STARTER_TEMPLATES.plain.mjml });
    await expect(createTemplate({ tenantId: s.a.id }, { starter: 'bogus', language: 'de' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('blocks without an unsubscribe link and says why', async () => {
    const { item, s } = await itemAfter({ mjml: STARTER_TEMPLATES.plain.mjml.replace('<a href="{{ unsubscribe_url }}" style="color:#6b7280">Unsubscribe</a> ·', '') }, 'unsubscribe');
    expect(item).toMatchObject({ ok: false, severity: 'block' });
    expect(item!.message).toMatch(/Add an unsubscribe link/);
    const err = await assertSendable(s.a.id, s.campaignId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('PRECONDITION');
    expect((err as DomainError).message).toMatch(/cannot be sent yet: Add an unsubscribe link/);
  });

  it('blocks without the imprint tag, and when the tenant has no imprint', async () => {
    const { item, s } = await itemAfter({ mjml: STARTER_TEMPLATES.plain.mjml.replace('{{ imprint }}', '') }, 'imprint');
    expect(item).toMatchObject({ ok: false, severity: 'block', message: 'Add your imprint to the mail with the {{ imprint }} tag.' });
    await updateCampaign({ tenantId: s.a.id }, s.campaignId, { mjml: STARTER_TEMPLATES.plain.mjml });
    await getDb().tenant.update({ where: { id: s.a.id }, data: { imprint: null } });
    const check = await checkCampaign({ tenantId: s.a.id }, s.campaignId);
    expect(check.items.find((i) => i.id === 'imprint')!.message).toMatch(/Your account has no imprint/);
  });

  it('blocks an unverified sender domain (DKIM or SPF not passing) and a missing identity', async () => {
    const s = await sendableSetup();
    // still verified (grace period) but SPF failing: a warning, not a block
    await tenantDb(s.a.id).senderDomain.updateMany({ where: { id: s.domain.id }, data: { spfStatus: 'FAIL' } });
    let check = await checkCampaign({ tenantId: s.a.id }, s.campaignId);
    expect(check.items.find((i) => i.id === 'sender_dns')).toMatchObject({ ok: false, severity: 'warn' });
    expect(check.sendable).toBe(true);
    await tenantDb(s.a.id).senderDomain.updateMany({ where: { id: s.domain.id }, data: { verifiedAt: null } });
    check = await checkCampaign({ tenantId: s.a.id }, s.campaignId);
    expect(check.items.find((i) => i.id === 'sender_domain')).toMatchObject({ ok: false, severity: 'block' });
    expect(check.items.find((i) => i.id === 'sender_domain')!.message).toMatch(/shop\.example is not verified: SPF \(return path\) does not pass/);
    await updateCampaign({ tenantId: s.a.id }, s.campaignId, { identityId: null });
    check = await checkCampaign({ tenantId: s.a.id }, s.campaignId);
    expect(check.items.find((i) => i.id === 'sender')).toMatchObject({ ok: false, message: 'Choose a sender identity.' });
  });

  it.each([
    ['http://192.0.2.7/login', 'points to an IP address'],
    ['http://0x7f.0x0.0x0.0x1/x', 'uses a hex, octal or numeric host'],
    ['http://2130706433/', 'uses a hex, octal or numeric host'],
    ['http://%62%61%6E%6B.example/', 'has a percent-encoded host'],
    ['&#104;&#116;&#116;&#112;&#58;&#47;&#47;evil.example', 'is written with character entities'],
  ])('blocks the obfuscated URL %s', async (url, why) => {
    const { item } = await itemAfter({ mjml: body(`Click <a href="${url}">here</a>.`) }, 'obfuscated_urls');
    expect(item).toMatchObject({ ok: false, severity: 'block' });
    expect(item!.message).toContain(why);
  });

  it('accepts ordinary links, including hosts with digits', async () => {
    const { item } = await itemAfter({ mjml: body('See <a href="https://007agency.example/x?id=0x1F">this</a>.') }, 'obfuscated_urls');
    expect(item?.ok).toBe(true);
  });

  it('blocks javascript: links', async () => {
    const { item } = await itemAfter({ mjml: body('<a href="java&#x09;script:alert(1)">x</a>') }, 'javascript_links');
    expect(item).toMatchObject({ ok: false, severity: 'block' });
  });

  it('blocks embedded data: and cid: files', async () => {
    const { item } = await itemAfter({ mjml: body('<img src="data:image/png;base64,iVBORw0KGgo=" /><img src="cid:logo@x" />') }, 'attachments');
    expect(item).toMatchObject({ ok: false, severity: 'block', message: expect.stringMatching(/Remove 2 embedded file/) });
  });

  it('warns past Gmail clipping and blocks past the hard limit', async () => {
    const para = `<p>${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20)}</p>`;
    let { item } = await itemAfter({ mjml: body(para.repeat(100)) }, 'size');
    expect(item).toMatchObject({ ok: false, severity: 'warn', message: expect.stringMatching(/Gmail clips mail above 102 KB/) });
    ({ item } = await itemAfter({ mjml: body(para.repeat(500)) }, 'size'));
    expect(item).toMatchObject({ ok: false, severity: 'block' });
  });

  it('blocks an empty subject and an empty text part', async () => {
    let { item } = await itemAfter({ subject: '' }, 'subject');
    expect(item).toMatchObject({ ok: false, severity: 'block' });
    // a text override of only whitespace falls back to the generated text: still present
    ({ item } = await itemAfter({ textOverride: '   ' }, 'text_part'));
    expect(item?.ok).toBe(true);
    const empty = `<mjml><mj-body><mj-section><mj-column><mj-image src="https://cdn.example/banner.png" /></mj-column></mj-section></mj-body></mjml>`;
    ({ item } = await itemAfter({ mjml: empty }, 'text_part'));
    expect(item).toMatchObject({ ok: false, severity: 'block' });
  });

  it('warns (without blocking) on missing preheader, image-only mail, CAPS subject, shorteners', async () => {
    const imageOnly = body('<img src="https://cdn.example/a.png" /> <a href="https://bit.ly/abc">Deal</a>');
    const { check } = await itemAfter({ preheader: null, subject: 'HUGE SALE TODAY ONLY', mjml: imageOnly }, 'preheader');
    const byId = Object.fromEntries(check.items.map((i) => [i.id, i]));
    for (const id of ['preheader', 'image_only', 'subject_caps', 'link_shorteners']) expect(byId[id]).toMatchObject({ ok: false, severity: 'warn' });
    expect(byId.link_shorteners!.message).toContain('bit.ly');
    expect(check.sendable).toBe(true);
  });

  it('reports a template that does not compile as a blocking item with line numbers', async () => {
    const { check } = await itemAfter({ mjml: STARTER_TEMPLATES.plain.mjml.replace('<mj-text>Best', '<mj-bogus />\n<mj-text>Best').replace('Hi {{ firstName | "there" }}', 'Hi {{ nickname }}') }, 'template');
    expect(check.sendable).toBe(false);
    expect(check.items).toEqual([expect.objectContaining({ id: 'template', ok: false, severity: 'block' })]);
    expect(check.items[0]!.message).toMatch(/line \d+: unknown merge tag \{\{ nickname \}\}/);
  });
});

'use client';

import { useEffect, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import type { Segment } from '@rundbrief/core/campaigns/audience';
import { MjmlEditor } from '../../templates/MjmlEditor';
import { previewAction } from '../../templates/actions';
import { audienceCountAction, saveCampaignAction } from '../actions';
import { SegmentEditor } from './SegmentEditor';
import { AbTestEditor, type AbDraft } from './AbTestEditor';

export type EditableCampaign = {
  id: string; name: string; subject: string; preheader: string; identityId: string; listIds: string[];
  segment: Segment; mjml: string; textOverride: string | null; trackOpens: boolean; trackClicks: boolean; reengagement: boolean;
  abTest: AbDraft;
};
type Option = { id: string; label: string };

export function CampaignEditor({ campaign, identities, lists, fields }: { campaign: EditableCampaign; identities: Option[]; lists: Option[]; fields: string[] }) {
  const t = useTranslations('campaigns.editor');
  const [c, setC] = useState(campaign);
  const [generatedText, setGeneratedText] = useState('');
  const [count, setCount] = useState<{ recipients: number; sunsetExcluded: number } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [saving, startSaving] = useTransition();
  const patch = (p: Partial<EditableCampaign>) => setC((prev) => ({ ...prev, ...p }));
  const audienceKey = JSON.stringify([c.listIds, c.segment, c.reengagement]);

  useEffect(() => {
    const t = setTimeout(async () => {
      const [listIds, segment, reengagement] = JSON.parse(audienceKey) as [string[], Segment, boolean];
      const r = await audienceCountAction({ listIds, segment, reengagement });
      setCount(r.ok ? r.data : null);
    }, 300);
    return () => clearTimeout(t);
  }, [audienceKey]);

  const save = () => startSaving(async () => {
    const r = await saveCampaignAction(c.id, {
      name: c.name, subject: c.subject, preheader: c.preheader || null, identityId: c.identityId || null, listIds: c.listIds,
      segment: c.segment.rules.length ? c.segment : null, mjml: c.mjml, textOverride: c.textOverride,
      trackOpens: c.trackOpens, trackClicks: c.trackClicks, reengagement: c.reengagement,
      abTest: c.abTest.enabled ? {
        differs: c.abTest.differs, testPercent: Number(c.abTest.testPercent), metric: c.abTest.metric, waitMinutes: Number(c.abTest.waitMinutes),
        variants: c.abTest.variants.map((v) => ({ subject: v.subject, preheader: v.preheader || null, mjml: v.mjml })),
      } : null,
    });
    setFieldErrors(r.ok ? {} : r.fieldErrors);
    setMessage(r.ok ? { ok: true, text: t('saved') } : { ok: false, text: r.error });
  });

  return (
    <div className="stack">
      <div className="grid-cards">
        <div className="field"><label className="label" htmlFor="c-name">{t('name')}</label>
          <input id="c-name" value={c.name} onChange={(e) => patch({ name: e.target.value })} /></div>
        <div className="field"><label className="label" htmlFor="c-identity">{t('from')}</label>
          <select id="c-identity" value={c.identityId} onChange={(e) => patch({ identityId: e.target.value })}>
            <option value="">{t('chooseSender')}</option>
            {identities.map((i) => <option key={i.id} value={i.id}>{i.label}</option>)}
          </select></div>
        <div className="field"><label className="label" htmlFor="c-subject">{t('subject')}</label>
          <input id="c-subject" value={c.subject} onChange={(e) => patch({ subject: e.target.value })} placeholder={t('subjectPlaceholder')} /></div>
        <div className="field"><label className="label" htmlFor="c-preheader">{t('preheader')}</label>
          <input id="c-preheader" value={c.preheader} onChange={(e) => patch({ preheader: e.target.value })} placeholder={t('preheaderPlaceholder')} /></div>
      </div>
      <div className="grid-cards">
        <fieldset className="field">
          <legend className="label">{t('lists')}</legend>
          {lists.length === 0 && <p className="muted">{t('noLists')}</p>}
          {lists.map((l) => (
            <label key={l.id} className="checkbox">
              <input type="checkbox" checked={c.listIds.includes(l.id)}
                onChange={(e) => patch({ listIds: e.target.checked ? [...c.listIds, l.id] : c.listIds.filter((x) => x !== l.id) })} /> {l.label}
            </label>
          ))}
          <label className="checkbox"><input type="checkbox" checked={c.reengagement} onChange={(e) => patch({ reengagement: e.target.checked })} /> {t('reengagement')}</label>
          <p aria-live="polite" data-testid="recipient-count">
            {count ? <>{t.rich('recipients', { count: count.recipients, strong: (s) => <strong>{s}</strong> })}{count.sunsetExcluded ? t('sunsetExcluded', { count: count.sunsetExcluded }) : ''}</> : '…'}
          </p>
        </fieldset>
        <SegmentEditor value={c.segment} onChange={(segment) => patch({ segment })} fields={['firstName', 'lastName', 'email', 'emailDomain', ...fields]} />
        <fieldset className="field">
          <legend className="label">{t('tracking')}</legend>
          <label className="checkbox"><input type="checkbox" checked={c.trackOpens} onChange={(e) => patch({ trackOpens: e.target.checked })} /> {t('trackOpens')}</label>
          <label className="checkbox"><input type="checkbox" checked={c.trackClicks} onChange={(e) => patch({ trackClicks: e.target.checked })} /> {t('trackClicks')}</label>
        </fieldset>
      </div>
      <MjmlEditor value={c.mjml} onChange={(mjml) => patch({ mjml })} preview={previewAction} onText={setGeneratedText}
        context={{ subject: c.subject, preheader: c.preheader || null, textOverride: c.textOverride }} />
      <div className="field">
        <label className="label" htmlFor="c-text">{t('textPart')}</label>
        <label className="checkbox">
          <input type="checkbox" checked={c.textOverride !== null} onChange={(e) => patch({ textOverride: e.target.checked ? generatedText : null })} /> {t('editText')}
        </label>
        <textarea id="c-text" rows={10} className="mono" readOnly={c.textOverride === null} value={c.textOverride ?? generatedText}
          onChange={(e) => patch({ textOverride: e.target.value })} />
      </div>
      <AbTestEditor value={c.abTest} onChange={(abTest) => patch({ abTest })} errors={fieldErrors}
        base={{ subject: c.subject, preheader: c.preheader, mjml: c.mjml }} />
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={save} disabled={saving}>{saving ? t('saving') : t('save')}</button>
        {message && <span role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'error'}>{message.text}</span>}
      </div>
    </div>
  );
}

'use client';
// The "A/B test" section of the campaign editor: 2-4 variants, what differs, the test
// share, the metric and the wait. Saved with the campaign (saveCampaignAction, abTest).
import { useTranslations } from 'next-intl';
import { AB_LABELS, AB_MAX_PERCENT, AB_MIN_PERCENT, AB_MIN_WAIT_MINUTES, AB_MAX_WAIT_MINUTES, type AbDiffer } from '@rundbrief/core/campaigns/ab-rules';

export type AbVariantDraft = { subject: string; preheader: string; mjml: string };
export type AbDraft = {
  enabled: boolean; differs: AbDiffer[]; testPercent: string; metric: 'OPEN' | 'CLICK'; waitMinutes: string; variants: AbVariantDraft[];
};

const DIFFERS: AbDiffer[] = ['subject', 'preheader', 'content'];
const MAX_VARIANTS = 4;

/** Field errors of the save (keys like abTest.variants.1.subject) for one path. */
const errorsAt = (errors: Record<string, string[]>, path: string) => errors[`abTest.${path}`] ?? [];

export function AbTestEditor({ value, onChange, errors, base }: {
  value: AbDraft; onChange: (v: AbDraft) => void; errors: Record<string, string[]>;
  /** The campaign's own subject, preheader and content: what a new variant starts from. */
  base: AbVariantDraft;
}) {
  const t = useTranslations('campaigns.ab');
  const set = (p: Partial<AbDraft>) => onChange({ ...value, ...p });
  const setVariant = (i: number, p: Partial<AbVariantDraft>) => set({ variants: value.variants.map((v, j) => (j === i ? { ...v, ...p } : v)) });
  const fieldError = (path: string) => {
    const e = errorsAt(errors, path);
    return e.length ? <span className="error" id={`ab-err-${path.replace(/\./g, '-')}`}>{e.join(' ')}</span> : null;
  };
  const invalid = (path: string) => (errorsAt(errors, path).length ? { 'aria-invalid': true as const, 'aria-describedby': `ab-err-${path.replace(/\./g, '-')}` } : {});
  return (
    <section className="card" aria-labelledby="ab-h" data-testid="ab-test">
      <h2 id="ab-h" className="card-title">{t('title')}</h2>
      <label className="checkbox">
        <input type="checkbox" checked={value.enabled} onChange={(e) => set({
          enabled: e.target.checked,
          variants: value.variants.length >= 2 ? value.variants : [{ ...base }, { ...base }],
        })} /> {t('enable')}
      </label>
      {value.enabled && (
        <div className="stack">
          {errorsAt(errors, 'variants').length > 0 && <div className="alert alert-error" role="alert">{errorsAt(errors, 'variants').join(' ')}</div>}
          <fieldset className="field">
            <legend className="label">{t('differs')}</legend>
            {DIFFERS.map((d) => (
              <label key={d} className="checkbox">
                <input type="checkbox" checked={value.differs.includes(d)}
                  onChange={(e) => set({ differs: e.target.checked ? [...value.differs, d] : value.differs.filter((x) => x !== d) })} /> {t(`differ.${d}`)}
              </label>
            ))}
            {fieldError('differs')}
          </fieldset>
          <div className="grid-cards">
            <div className="field">
              <label className="label" htmlFor="ab-share">{t('share')}</label>
              <input id="ab-share" type="number" min={AB_MIN_PERCENT} max={AB_MAX_PERCENT} value={value.testPercent} onChange={(e) => set({ testPercent: e.target.value })} {...invalid('testPercent')} />
              <span className="hint">{t('shareHint', { min: AB_MIN_PERCENT, max: AB_MAX_PERCENT })}</span>
              {fieldError('testPercent')}
            </div>
            <div className="field">
              <label className="label" htmlFor="ab-metric">{t('metric')}</label>
              <select id="ab-metric" value={value.metric} onChange={(e) => set({ metric: e.target.value as AbDraft['metric'] })}>
                <option value="OPEN">{t('openRate')}</option>
                <option value="CLICK">{t('clickRate')}</option>
              </select>
              <span className="hint">{t('metricHint', { tieRule: t('tieRule') })}</span>
            </div>
            <div className="field">
              <label className="label" htmlFor="ab-wait">{t('wait')}</label>
              <input id="ab-wait" type="number" min={AB_MIN_WAIT_MINUTES} max={AB_MAX_WAIT_MINUTES} value={value.waitMinutes} onChange={(e) => set({ waitMinutes: e.target.value })} {...invalid('waitMinutes')} />
              <span className="hint">{t('waitHint')}</span>
              {fieldError('waitMinutes')}
            </div>
          </div>
          {value.variants.map((v, i) => {
            const label = AB_LABELS[i]!;
            return (
              <fieldset key={i} className="card stack" data-testid={`ab-variant-${label}`}>
                <legend className="label">{t('variant', { label })}</legend>
                {fieldError(`variants.${i}`)}
                {value.differs.includes('subject') && (
                  <div className="field">
                    <label className="label" htmlFor={`ab-${label}-subject`}>{t('variantSubject', { label })}</label>
                    <input id={`ab-${label}-subject`} value={v.subject} onChange={(e) => setVariant(i, { subject: e.target.value })} {...invalid(`variants.${i}.subject`)} />
                    {fieldError(`variants.${i}.subject`)}
                  </div>
                )}
                {value.differs.includes('preheader') && (
                  <div className="field">
                    <label className="label" htmlFor={`ab-${label}-preheader`}>{t('variantPreheader', { label })}</label>
                    <input id={`ab-${label}-preheader`} value={v.preheader} onChange={(e) => setVariant(i, { preheader: e.target.value })} {...invalid(`variants.${i}.preheader`)} />
                    {fieldError(`variants.${i}.preheader`)}
                  </div>
                )}
                {value.differs.includes('content') && (
                  <div className="field">
                    <label className="label" htmlFor={`ab-${label}-mjml`}>{t('variantContent', { label })}</label>
                    <textarea id={`ab-${label}-mjml`} className="mono" rows={10} value={v.mjml} onChange={(e) => setVariant(i, { mjml: e.target.value })} {...invalid(`variants.${i}.mjml`)} />
                    {fieldError(`variants.${i}.mjml`)}
                  </div>
                )}
                {value.differs.length === 0 && <p className="muted">{t('chooseDiffers')}</p>}
                {value.variants.length > 2 && (
                  <div><button type="button" className="btn btn-sm btn-ghost" onClick={() => set({ variants: value.variants.filter((_, j) => j !== i) })}>{t('remove', { label })}</button></div>
                )}
              </fieldset>
            );
          })}
          <div className="toolbar">
            <button type="button" className="btn btn-sm" disabled={value.variants.length >= MAX_VARIANTS}
              onClick={() => set({ variants: [...value.variants, { ...base }] })}>{t('add')}</button>
            <span className="hint">{t('count', { count: value.variants.length, max: MAX_VARIANTS })}</span>
          </div>
        </div>
      )}
    </section>
  );
}

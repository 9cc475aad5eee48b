'use client';

import { useTranslations } from 'next-intl';
import type { Segment, SegmentRule } from '@rundbrief/core/campaigns/audience';

const FIELD_OPS = ['eq', 'neq', 'contains', 'empty', 'notEmpty', 'gt', 'lt'] as const;
const ACTIVITY_OPS = ['openedWithin', 'clickedWithin', 'notOpenedWithin', 'activeWithin', 'subscribedWithin'] as const;

type Props = { value: Segment; onChange: (s: Segment) => void; fields: string[]; disabled?: boolean };

export function SegmentEditor({ value, onChange, fields, disabled }: Props) {
  const t = useTranslations('campaigns.segment');
  const set = (i: number, rule: SegmentRule) => onChange({ ...value, rules: value.rules.map((r, n) => (n === i ? rule : r)) });
  const remove = (i: number) => onChange({ ...value, rules: value.rules.filter((_, n) => n !== i) });
  return (
    <fieldset className="field" disabled={disabled}>
      <legend className="label">{t('legend')}</legend>
      {value.rules.length > 1 && (
        <label className="muted">
          {t('match')}{' '}
          <select value={value.match} onChange={(e) => onChange({ ...value, match: e.target.value as Segment['match'] })}>
            <option value="all">{t('all')}</option>
            <option value="any">{t('any')}</option>
          </select>
        </label>
      )}
      {value.rules.map((r, i) => (
        <div key={i} className="toolbar" style={{ marginBottom: 4 }}>
          {r.kind === 'field' ? (
            <>
              <select aria-label={t('field')} value={r.field} onChange={(e) => set(i, { ...r, field: e.target.value })}>
                {fields.map((f) => <option key={f} value={f}>{f}</option>)}
              </select>
              <select aria-label={t('condition')} value={r.op} onChange={(e) => set(i, { ...r, op: e.target.value as typeof r.op })}>
                {FIELD_OPS.map((k) => <option key={k} value={k}>{t(`ops.${k}`)}</option>)}
              </select>
              {r.op !== 'empty' && r.op !== 'notEmpty' && <input aria-label={t('value')} className="input" value={r.value} onChange={(e) => set(i, { ...r, value: e.target.value })} />}
            </>
          ) : (
            <>
              <select aria-label={t('activity')} value={r.op} onChange={(e) => set(i, { ...r, op: e.target.value as typeof r.op })}>
                {ACTIVITY_OPS.map((k) => <option key={k} value={k}>{t(`activityOps.${k}`)}</option>)}
              </select>
              <input aria-label={t('days')} className="input" type="number" min={1} max={3650} style={{ width: 90 }} value={r.days} onChange={(e) => set(i, { ...r, days: Number(e.target.value) || 1 })} />
              <span>{t('daysUnit')}</span>
            </>
          )}
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => remove(i)} aria-label={t('remove')}>✕</button>
        </div>
      ))}
      <div className="toolbar">
        <button type="button" className="btn btn-sm" onClick={() => onChange({ ...value, rules: [...value.rules, { kind: 'field', field: fields[0] ?? 'email', op: 'eq', value: '' }] })}>{t('addField')}</button>
        <button type="button" className="btn btn-sm" onClick={() => onChange({ ...value, rules: [...value.rules, { kind: 'activity', op: 'openedWithin', days: 90 }] })}>{t('addActivity')}</button>
      </div>
    </fieldset>
  );
}

'use client';

import type { Segment, SegmentRule } from '@rundbrief/core/campaigns/audience';

const FIELD_OPS = { eq: 'is', neq: 'is not', contains: 'contains', empty: 'is empty', notEmpty: 'is not empty', gt: 'is greater than', lt: 'is less than' } as const;
const ACTIVITY_OPS = {
  openedWithin: 'opened a mail in the last', clickedWithin: 'clicked a link in the last', notOpenedWithin: 'opened nothing in the last',
  activeWithin: 'was active in the last', subscribedWithin: 'subscribed in the last',
} as const;

type Props = { value: Segment; onChange: (s: Segment) => void; fields: string[]; disabled?: boolean };

export function SegmentEditor({ value, onChange, fields, disabled }: Props) {
  const set = (i: number, rule: SegmentRule) => onChange({ ...value, rules: value.rules.map((r, n) => (n === i ? rule : r)) });
  const remove = (i: number) => onChange({ ...value, rules: value.rules.filter((_, n) => n !== i) });
  return (
    <fieldset className="field" disabled={disabled}>
      <legend className="label">Segment (optional)</legend>
      {value.rules.length > 1 && (
        <label className="muted">
          Match{' '}
          <select value={value.match} onChange={(e) => onChange({ ...value, match: e.target.value as Segment['match'] })}>
            <option value="all">all rules</option>
            <option value="any">any rule</option>
          </select>
        </label>
      )}
      {value.rules.map((r, i) => (
        <div key={i} className="toolbar" style={{ marginBottom: 4 }}>
          {r.kind === 'field' ? (
            <>
              <select aria-label="Field" value={r.field} onChange={(e) => set(i, { ...r, field: e.target.value })}>
                {fields.map((f) => <option key={f} value={f}>{f}</option>)}
              </select>
              <select aria-label="Condition" value={r.op} onChange={(e) => set(i, { ...r, op: e.target.value as typeof r.op })}>
                {Object.entries(FIELD_OPS).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
              </select>
              {r.op !== 'empty' && r.op !== 'notEmpty' && <input aria-label="Value" className="input" value={r.value} onChange={(e) => set(i, { ...r, value: e.target.value })} />}
            </>
          ) : (
            <>
              <select aria-label="Activity" value={r.op} onChange={(e) => set(i, { ...r, op: e.target.value as typeof r.op })}>
                {Object.entries(ACTIVITY_OPS).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
              </select>
              <input aria-label="Days" className="input" type="number" min={1} max={3650} style={{ width: 90 }} value={r.days} onChange={(e) => set(i, { ...r, days: Number(e.target.value) || 1 })} />
              <span>days</span>
            </>
          )}
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => remove(i)} aria-label="Remove rule">✕</button>
        </div>
      ))}
      <div className="toolbar">
        <button type="button" className="btn btn-sm" onClick={() => onChange({ ...value, rules: [...value.rules, { kind: 'field', field: fields[0] ?? 'email', op: 'eq', value: '' }] })}>+ Field rule</button>
        <button type="button" className="btn btn-sm" onClick={() => onChange({ ...value, rules: [...value.rules, { kind: 'activity', op: 'openedWithin', days: 90 }] })}>+ Activity rule</button>
      </div>
    </fieldset>
  );
}

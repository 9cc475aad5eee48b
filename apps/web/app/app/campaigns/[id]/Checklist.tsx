import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ChecklistItem } from '@rundbrief/core/authoring/index';

const ICON = { ok: '✓', block: '✕', warn: '!' } as const;

export function Checklist({ items }: { items: ChecklistItem[] }) {
  const t = useTranslations('campaigns.checklist');
  const order = (i: ChecklistItem) => (i.ok ? 2 : i.severity === 'block' ? 0 : 1);
  const sorted = [...items].sort((a, b) => order(a) - order(b));
  const blocking = items.filter((i) => !i.ok && i.severity === 'block').length;
  return (
    <section className="card" aria-labelledby="check-h" data-testid="checklist">
      <h2 id="check-h" className="card-title">{t('title')}</h2>
      <p className={blocking ? 'error' : 'muted'}>{blocking ? t('blocking', { count: blocking }) : t('ready')}</p>
      <ul className="stack" style={{ gap: 6, listStyle: 'none', padding: 0, margin: 0 }}>
        {sorted.map((i) => {
          const kind = i.ok ? 'ok' : i.severity;
          return (
            <li key={i.id} data-testid={`check-${i.id}`} data-state={kind}>
              <span className={`badge ${i.ok ? 'badge-success' : i.severity === 'block' ? 'badge-danger' : 'badge-warning'}`} aria-hidden>{ICON[kind]}</span>{' '}
              <span className="sr-only">{i.ok ? t('passed') : i.severity === 'block' ? t('block') : t('warn')}</span> {i.message}
              {!i.ok && i.fix && <> <Link href={i.fix}>{t('fix')}</Link></>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

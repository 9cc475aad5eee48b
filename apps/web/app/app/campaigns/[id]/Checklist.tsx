import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { ChecklistItem } from '@rundbrief/core/authoring/index';
import { sayCore } from '@/lib/core-texts';

const ICON = { ok: '✓', block: '✕', warn: '!' } as const;

/** `domainSummary`: the sender domain's sentence in the reader's language (core's is English). */
export function Checklist({ items, domainSummary }: { items: ChecklistItem[]; domainSummary?: string }) {
  const t = useTranslations('campaigns.checklist');
  const tc = useTranslations('coreTexts');
  const format = useFormatter();
  // core's message is English (REST API, send refusal); the page says its code
  const say = (i: ChecklistItem) => {
    let text = i.text;
    if (text && domainSummary && (text.code === 'checklist.domainState' || text.code === 'checklist.domainFix')) {
      text = { ...text, params: { ...text.params, summary: domainSummary } };
    }
    if (text?.code === 'checklist.abTest' && typeof text.params?.differs === 'string') {
      const differs = format.list(text.params.differs.split(',').map((part) => tc('checklist.differs', { part })));
      text = { ...text, params: { ...text.params, differs } };
    }
    const said = sayCore(tc, text, i.message);
    return i.variant && text ? tc('checklist.variant', { label: i.variant, text: said }) : said;
  };
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
              <span className="sr-only">{i.ok ? t('passed') : i.severity === 'block' ? t('block') : t('warn')}</span> {say(i)}
              {!i.ok && i.fix && <> <Link href={i.fix}>{t('fix')}</Link></>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

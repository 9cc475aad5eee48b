import type { Metadata } from 'next';
import { useTranslations } from 'next-intl';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ensurePlatformDkimKey, platformMailSetup, type PlatformRecord } from '@rundbrief/core/platform/platform-dkim';
import { listPlatformMailBounces, PLATFORM_SUPPRESS_AFTER_HARD, PLATFORM_SUPPRESS_DAYS } from '@rundbrief/core/platform/platform-mail-log';
import { ActionButton } from '@/components/ActionButton';
import { CopyValue } from '@/components/CopyValue';
import { EmptyState } from '@/components/EmptyState';
import { requireOperatorActor } from '@/lib/operator-actor';
import { activatePlatformKeyAction, discardPlatformKeyAction, preparePlatformKeyAction } from './actions';
import styles from './platform-mail.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('platformMail.title') };
}
export const dynamic = 'force-dynamic';

const selectorTag = (selector: string) => () => <span className="mono">{selector}</span>;

const TONE = { PASS: 'badge-success', FAIL: 'badge-danger', PENDING: 'badge-neutral' } as const;

function RecordRow({ r, testId, domain, next = false }: { r: PlatformRecord; testId: string; domain: string; next?: boolean }) {
  const t = useTranslations('admin.platformMail');
  return (
    <tr data-testid={testId}>
      <td>{r.kind}<div className="muted">{t(`purpose.${next ? 'DKIMnext' : r.kind}`, { domain })}</div></td>
      <td>
        {r.type}
        {r.priority !== undefined && <div className="muted">{t('priority', { priority: r.priority })}</div>}
      </td>
      <td className={styles.name}><CopyValue value={r.name} what={t('nameWhat', { kind: r.kind })} testId="record-name" /></td>
      <td className={styles.value}><CopyValue value={r.value} what={t('valueWhat', { kind: r.kind })} testId="record-value" /></td>
      <td>
        <span className={`badge ${TONE[r.check.status]}`} data-testid="record-status">{t('checkStatus', { status: r.check.status })}</span>
        {r.check.problem && <div className="error">{r.check.problem}</div>}
        {r.check.status === 'FAIL' && r.check.found.length > 0 && <div className="muted">{t('found')} <span className="mono">{r.check.found.join(' | ')}</span></div>}
      </td>
    </tr>
  );
}

export default async function PlatformMailPage() {
  const actor = await requireOperatorActor();
  await ensurePlatformDkimKey(actor);
  const [setup, bounces] = await Promise.all([platformMailSetup(actor), listPlatformMailBounces(actor, { take: 50 })]);
  const [t, tAdmin, format] = await Promise.all([getTranslations('admin.platformMail'), getTranslations('admin'), getFormatter()]);
  return (
    <div className="stack" style={{ gap: 28 }}>
      <div className="page-header"><h1>{t('title')}</h1></div>
      <p className="muted">
        {t.rich('intro', { domain: () => <span className="mono">{setup.domain}</span>, bounce: () => <span className="mono">{setup.bounceDomain}</span> })}
      </p>

      <section aria-labelledby="records-title" className="stack">
        <h2 id="records-title">{t('recordsTitle')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="platform-records">
            <thead><tr><th>{t('record')}</th><th>{t('type')}</th><th>{t('name')}</th><th>{t('value')}</th><th>{t('status')}</th></tr></thead>
            <tbody>
              {setup.records.map((r) => <RecordRow key={`${r.kind}-${r.name}`} r={r} testId={`record-${r.kind}`} domain={setup.domain} />)}
              {setup.pendingRecord && <RecordRow r={setup.pendingRecord} testId="record-DKIM-next" domain={setup.domain} next />}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="key-title" className="stack">
        <h2 id="key-title">{t('keyTitle')}</h2>
        <p className="muted" data-testid="platform-key">
          {setup.active
            ? (setup.active.activatedAt
              ? t.rich('signingSince', { selector: selectorTag(setup.active.selector), at: setup.active.activatedAt })
              : t.rich('signing', { selector: selectorTag(setup.active.selector) }))
            : t('noKey')}
          {setup.pending && <> {t.rich('pending', { selector: selectorTag(setup.pending.selector) })}</>}
        </p>
        <div className="toolbar">
          {setup.pending ? (
            <>
              <ActionButton action={activatePlatformKeyAction} fields={{}} label={t('activate')} pendingLabel={t('checkingDns')} className="btn btn-sm btn-primary" />
              <ActionButton action={discardPlatformKeyAction} fields={{}} label={t('discard')} className="btn btn-sm btn-ghost"
                confirm={{ title: t('discardTitle'), message: t('discardMessage'), confirmLabel: t('discardConfirm') }} />
            </>
          ) : (
            <ActionButton action={preparePlatformKeyAction} fields={{}} label={t('rotate')} pendingLabel={t('generating')} />
          )}
        </div>
      </section>

      <section aria-labelledby="bounces-title" className="stack">
        <h2 id="bounces-title">{t('bouncesTitle')}</h2>
        <p className="muted">{t('bouncesIntro', { count: PLATFORM_SUPPRESS_AFTER_HARD, days: PLATFORM_SUPPRESS_DAYS })}</p>
        {bounces.length === 0 ? (
          <EmptyState title={t('noBounces')}>{t('noBouncesBody')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="platform-bounces">
              <thead><tr><th>{t('when')}</th><th>{t('recipient')}</th><th>{t('mail')}</th><th>{t('tenant')}</th><th>{t('bounce')}</th><th>{t('reason')}</th></tr></thead>
              <tbody>
                {bounces.map((b) => (
                  <tr key={b.id}>
                    <td>{b.bouncedAt ? format.dateTime(b.bouncedAt, 'dateTime') : ''}</td>
                    <td className="mono">{b.recipient}</td>
                    <td>{t('mailKind', { kind: b.kind, label: b.kind.toLowerCase().replace(/_/g, ' ') })}</td>
                    <td>{b.tenant?.name ?? <span className="muted">{tAdmin('none')}</span>}</td>
                    <td><span className={`badge ${b.bounceCategory === 'hard' ? 'badge-danger' : 'badge-warning'}`}>{b.bounceCategory ? t('category', { category: b.bounceCategory }) : ''}</span>{b.bounceStatus && <div className="muted">{b.bounceStatus}</div>}</td>
                    <td>{b.bounceDiagnostic}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

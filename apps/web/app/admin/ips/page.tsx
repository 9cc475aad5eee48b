import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { SendingIpStatus } from '@rundbrief/db';
import { listSendingIps } from '@rundbrief/core/platform/alerts';
import { blocklistSettings, type Listing } from '@rundbrief/core/platform/blocklist';
import { listIpRests } from '@rundbrief/core/platform/ip-blocks';
import { TOP_DOMAINS, volumeByIpAndDomain } from '@rundbrief/core/platform/ip-volume';
import { requireOperatorActor } from '@/lib/operator-actor';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { checkAllIpsAction, checkIpNowAction, endIpRestAction, setIpEnabledAction } from './actions';
import { AddIpForm, EditIpForm } from './IpForms';
import styles from './ips.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('ips.title') };
}

const TONE: Record<SendingIpStatus, string> = { ACTIVE: 'badge-success', LISTED: 'badge-danger', DISABLED: 'badge-neutral' };

export default async function SendingIpsPage() {
  const actor = await requireOperatorActor();
  const [ips, rests, volume] = await Promise.all([listSendingIps(actor), listIpRests(actor), volumeByIpAndDomain(actor)]);
  const { zones, everyMinutes } = blocklistSettings();
  const [t, format] = await Promise.all([getTranslations('admin'), getFormatter()]);
  const when = (d: Date | string | null) => (d ? format.dateTime(new Date(d), 'dateTime') : t('ips.never'));
  const cap = (ip: { dailyLimit: number | null; warmupStartedAt: Date | null }) =>
    ip.dailyLimit == null ? t('ips.noCap')
      : ip.warmupStartedAt ? t('ips.capValueSince', { limit: ip.dailyLimit, at: ip.warmupStartedAt }) : t('ips.capValue', { limit: ip.dailyLimit });
  const hours = (s: number) => (s >= 3600 ? t('ips.hours', { hours: s / 3600 }) : t('ips.minutes', { minutes: Math.ceil(s / 60) }));

  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <h1>{t('ips.title')}</h1>
        {ips.length > 0 && <ActionButton action={checkAllIpsAction} fields={{}} label={t('ips.checkAll')} pendingLabel={t('ips.checking')} className="btn btn-primary" />}
      </div>
      <p className="muted">{t('ips.intro', { minutes: everyMinutes, zones: zones.join(', ') })}</p>
      {ips.length === 0 ? (
        <EmptyState title={t('ips.emptyTitle')}>{t('ips.emptyBody')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="sending-ips">
            <thead><tr><th>{t('ips.address')}</th><th>{t('ips.status')}</th><th>{t('ips.listings')}</th><th>{t('ips.cap')}</th><th>{t('ips.lastCheck')}</th><th><span className="sr-only">{t('actions')}</span></th></tr></thead>
            <tbody>
              {ips.map((ip) => {
                const listings = (Array.isArray(ip.listings) ? ip.listings : []) as unknown as Listing[];
                return (
                  <tr key={ip.id}>
                    <td><span className="mono">{ip.address}</span><div className="muted mono">{ip.heloName}</div></td>
                    <td><span className={`badge ${TONE[ip.status]}`}>{t('ipStatus', { status: ip.status })}</span></td>
                    <td>
                      {listings.length === 0 ? <span className="muted">{t('ips.notListed')}</span> : (
                        <ul className={styles.listings}>
                          {listings.map((l) => (
                            <li key={l.zone}>
                              <strong>{l.zone}</strong> <span className="mono">{l.codes?.join(', ')}</span> {t('ips.since', { at: new Date(l.since) })}
                              {l.reason && <div className="muted">{l.reason}</div>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{cap(ip)}</td>
                    <td>{when(ip.lastCheckedAt)}</td>
                    <td>
                      <div className="stack" style={{ gap: 6 }}>
                        <ActionButton action={checkIpNowAction} fields={{ sendingIpId: ip.id }} label={t('ips.checkNow')} pendingLabel={t('ips.checking')} />
                        {ip.status === 'DISABLED' ? (
                          <ActionButton action={setIpEnabledAction} fields={{ sendingIpId: ip.id, enabled: 'true' }} label={t('ips.enable')} pendingLabel={t('ips.enabling')} />
                        ) : (
                          <ActionButton action={setIpEnabledAction} fields={{ sendingIpId: ip.id, enabled: 'false' }} label={t('ips.disable')} pendingLabel={t('ips.disabling')}
                            confirm={{ title: t('ips.disableTitle', { address: ip.address }), message: t('ips.disableMessage'), confirmLabel: t('ips.disableConfirm') }} />
                        )}
                        <EditIpForm id={ip.id} address={ip.address} heloName={ip.heloName} dailyLimit={ip.dailyLimit} />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="add-ip-title" className="stack" style={{ maxWidth: 560 }}>
        <h2 id="add-ip-title">{t('ips.addTitle')}</h2>
        <p className="muted">{t('ips.addIntro')}</p>
        <AddIpForm />
      </section>

      <section aria-labelledby="volume-title" className="stack">
        <h2 id="volume-title">{t('ips.volumeTitle')}</h2>
        <p className="muted">{t('ips.volumeIntro', { top: TOP_DOMAINS })}</p>
        {volume.length === 0 ? <p className="muted">{t('ips.volumeEmpty')}</p> : (
          <div className={styles.volumes}>
            {volume.map((v) => {
              const max = Math.max(1, ...v.domains.map((d) => d.last7d));
              return (
                <div key={v.ip} className="table-wrap">
                  <table className="table" data-testid={`ip-volume-${v.ip}`} aria-label={t('ips.volumeLabel', { ip: v.ip })}>
                    <caption className={styles.caption}>{t.rich('ips.volumeCaption', { ip: () => <span className="mono">{v.ip}</span>, day: v.last24h, week: v.last7d })}</caption>
                    <thead><tr><th>{t('ips.domain')}</th><th className={styles.num}>{t('ips.h24')}</th><th className={styles.num}>{t('ips.d7')}</th><th><span className="sr-only">{t('ips.share')}</span></th></tr></thead>
                    <tbody>
                      {v.domains.map((d) => (
                        <tr key={d.domain ?? '(others)'}>
                          <td>{d.domain ?? <span className="muted">{t('ips.others')}</span>}</td>
                          <td className={styles.num}>{format.number(d.last24h)}</td>
                          <td className={styles.num}>{format.number(d.last7d)}</td>
                          <td className={styles.barCell} aria-hidden><span className={styles.bar} style={{ width: `${Math.round((d.last7d / max) * 100)}%` }} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              );
            })}
          </div>
        )}
      </section>

      <section aria-labelledby="rests-title" className="stack">
        <h2 id="rests-title">{t('ips.restsTitle')}</h2>
        <p className="muted">{t('ips.restsIntro')}</p>
        {rests.length === 0 ? <p className="muted">{t('ips.restsEmpty')}</p> : (
          <div className="table-wrap">
            <table className="table" data-testid="ip-rests">
              <thead><tr><th>{t('ips.ip')}</th><th>{t('ips.recipientDomain')}</th><th>{t('ips.receiverSaid')}</th><th>{t('ips.timeLeft')}</th><th><span className="sr-only">{t('actions')}</span></th></tr></thead>
              <tbody>
                {rests.map((r) => (
                  <tr key={`${r.ip}|${r.domain}`}>
                    <td className="mono">{r.ip}</td>
                    <td>{r.domain}</td>
                    <td className={styles.reason}>{r.reason}</td>
                    <td>{hours(r.secondsLeft)}</td>
                    <td><ActionButton action={endIpRestAction} fields={{ ip: r.ip, domain: r.domain }} label={t('ips.endRest')} pendingLabel={t('ips.ending')} /></td>
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

import type { Metadata } from 'next';
import type { SendingIpStatus } from '@rundbrief/db';
import { listSendingIps } from '@rundbrief/core/platform/alerts';
import { blocklistSettings, type Listing } from '@rundbrief/core/platform/blocklist';
import { listIpRests } from '@rundbrief/core/platform/ip-blocks';
import { TOP_DOMAINS, volumeByIpAndDomain } from '@rundbrief/core/platform/ip-volume';
import { requireOperator } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { checkAllIpsAction, checkIpNowAction, endIpRestAction, setIpEnabledAction } from './actions';
import { AddIpForm, EditIpForm } from './IpForms';
import styles from './ips.module.css';

export const metadata: Metadata = { title: 'Sending IPs' };

const TONE: Record<SendingIpStatus, string> = { ACTIVE: 'badge-success', LISTED: 'badge-danger', DISABLED: 'badge-neutral' };
const when = (d: Date | string | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never');
const cap = (ip: { dailyLimit: number | null; warmupStartedAt: Date | null }) =>
  ip.dailyLimit == null ? 'no cap' : `${ip.dailyLimit.toLocaleString('en')}/day, doubling daily${ip.warmupStartedAt ? ` since ${when(ip.warmupStartedAt)}` : ''}`;
const hours = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.ceil(s / 60)} min`);

export default async function SendingIpsPage() {
  await requireOperator();
  const [ips, rests, volume] = await Promise.all([listSendingIps(), listIpRests(), volumeByIpAndDomain()]);
  const { zones, everyMinutes } = blocklistSettings();

  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <h1>Sending IPs</h1>
        {ips.length > 0 && <ActionButton action={checkAllIpsAction} fields={{}} label="Check all now" pendingLabel="Checking…" className="btn btn-primary" />}
      </div>
      <p className="muted">
        Every {everyMinutes} minutes each IP is looked up in {zones.join(', ')}. A listed IP leaves the rotation until a
        check finds it delisted; a disabled IP stays disabled.
      </p>
      {ips.length === 0 ? (
        <EmptyState title="No sending IPs">Add source addresses to the pool to send campaigns.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="sending-ips">
            <thead><tr><th>Address</th><th>Status</th><th>Blocklist listings</th><th>Warm-up cap</th><th>Last check</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {ips.map((ip) => {
                const listings = (Array.isArray(ip.listings) ? ip.listings : []) as unknown as Listing[];
                return (
                  <tr key={ip.id}>
                    <td><span className="mono">{ip.address}</span><div className="muted mono">{ip.heloName}</div></td>
                    <td><span className={`badge ${TONE[ip.status]}`}>{ip.status.toLowerCase()}</span></td>
                    <td>
                      {listings.length === 0 ? <span className="muted">not listed</span> : (
                        <ul className={styles.listings}>
                          {listings.map((l) => (
                            <li key={l.zone}>
                              <strong>{l.zone}</strong> <span className="mono">{l.codes?.join(', ')}</span> since {when(l.since)}
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
                        <ActionButton action={checkIpNowAction} fields={{ sendingIpId: ip.id }} label="Check now" pendingLabel="Checking…" />
                        {ip.status === 'DISABLED' ? (
                          <ActionButton action={setIpEnabledAction} fields={{ sendingIpId: ip.id, enabled: 'true' }} label="Enable" pendingLabel="Enabling…" />
                        ) : (
                          <ActionButton action={setIpEnabledAction} fields={{ sendingIpId: ip.id, enabled: 'false' }} label="Disable" pendingLabel="Disabling…"
                            confirm={{ title: `Disable ${ip.address}?`, message: 'This IP leaves the rotation at once and stays out until you enable it again; the other IPs take its mail.', confirmLabel: 'Disable IP' }} />
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
        <h2 id="add-ip-title">Add a sending IP</h2>
        <p className="muted">The address must be configured on the sending host, with reverse DNS matching the HELO name. Senders pick up changes to the pool within 10 seconds, and at once for a campaign that starts after the change.</p>
        <AddIpForm />
      </section>

      <section aria-labelledby="volume-title" className="stack">
        <h2 id="volume-title">Volume per recipient domain</h2>
        <p className="muted">Mail each IP delivered in the last 24 hours and 7 days, by recipient domain: the {TOP_DOMAINS} largest, the rest as others.</p>
        {volume.length === 0 ? <p className="muted">No mail delivered in the last 7 days.</p> : (
          <div className={styles.volumes}>
            {volume.map((v) => {
              const max = Math.max(1, ...v.domains.map((d) => d.last7d));
              return (
                <div key={v.ip} className="table-wrap">
                  <table className="table" data-testid={`ip-volume-${v.ip}`} aria-label={`Volume of ${v.ip} per recipient domain`}>
                    <caption className={styles.caption}><span className="mono">{v.ip}</span> · {v.last24h.toLocaleString('en')} in 24 h · {v.last7d.toLocaleString('en')} in 7 days</caption>
                    <thead><tr><th>Domain</th><th className={styles.num}>24 h</th><th className={styles.num}>7 days</th><th><span className="sr-only">Share of 7 days</span></th></tr></thead>
                    <tbody>
                      {v.domains.map((d) => (
                        <tr key={d.domain ?? '(others)'}>
                          <td>{d.domain ?? <span className="muted">others</span>}</td>
                          <td className={styles.num}>{d.last24h.toLocaleString('en')}</td>
                          <td className={styles.num}>{d.last7d.toLocaleString('en')}</td>
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
        <h2 id="rests-title">Resting for a domain</h2>
        <p className="muted">When a receiving server says it blocks one of our IPs, that IP stops sending to that domain for a while; other IPs take over.</p>
        {rests.length === 0 ? <p className="muted">No IP is resting.</p> : (
          <div className="table-wrap">
            <table className="table" data-testid="ip-rests">
              <thead><tr><th>IP</th><th>Recipient domain</th><th>Receiver said</th><th>Time left</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {rests.map((r) => (
                  <tr key={`${r.ip}|${r.domain}`}>
                    <td className="mono">{r.ip}</td>
                    <td>{r.domain}</td>
                    <td className={styles.reason}>{r.reason}</td>
                    <td>{hours(r.secondsLeft)}</td>
                    <td><ActionButton action={endIpRestAction} fields={{ ip: r.ip, domain: r.domain }} label="End rest" pendingLabel="Ending…" /></td>
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

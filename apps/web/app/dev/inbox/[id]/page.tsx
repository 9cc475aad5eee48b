import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { DomainError } from '@rundbrief/core';
import { extractLinks, getSinkMessage } from '@rundbrief/core/platform/sink-inbox';
import { requireOperatorActor } from '@/lib/operator-actor';
import type { OperatorActor } from '@rundbrief/core/platform/operator';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dev'))('message.title') };
}

const TABS = ['html', 'text', 'headers', 'raw'] as const;
type Tab = (typeof TABS)[number];
const WITH_SECONDS = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' } as const;

// The mail's HTML runs in a sandbox without scripts or same-origin access. Links open in a
// new tab (popups allowed, escaping the sandbox so the target page works normally).
const SANDBOX = 'allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';

async function load(actor: OperatorActor, id: string) {
  try {
    return await getSinkMessage(actor, id);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
}

export default async function MessagePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string }> }) {
  const actor = await requireOperatorActor();
  const { id } = await params;
  const msg = await load(actor, id);
  const requested = (await searchParams).tab;
  const tab: Tab = TABS.some((k) => k === requested) ? (requested as Tab) : msg.html ? 'html' : 'text';
  const links = msg.html ? extractLinks(msg.html) : [];
  const [t, format] = await Promise.all([getTranslations('dev'), getFormatter()]);

  return (
    <div>
      <p><Link href="/dev/inbox">{t('message.back')}</Link> · <a href={`/dev/inbox/${msg.id}/raw`} download>{t('message.download')}</a></p>
      <h1>{msg.subject || t('noSubject')}</h1>
      <dl className="card" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: '0 0 16px' }}>
        <dt className="muted">{t('message.from')}</dt><dd style={{ margin: 0 }}>{msg.fromHeader ?? msg.mailFrom}</dd>
        <dt className="muted">{t('message.to')}</dt><dd style={{ margin: 0 }}>{msg.toHeader ?? msg.rcptTo.join(', ')}</dd>
        <dt className="muted">{t('message.envelope')}</dt><dd style={{ margin: 0 }} className="mono">MAIL FROM:&lt;{msg.mailFrom}&gt; RCPT TO:&lt;{msg.rcptTo.join('>, <')}&gt;</dd>
        <dt className="muted">{t('message.sourceIp')}</dt><dd style={{ margin: 0 }} className="mono" data-testid="remote-ip">{msg.remoteIp}</dd>
        <dt className="muted">{t('message.helo')}</dt><dd style={{ margin: 0 }} className="mono">{msg.heloName ?? '—'}</dd>
        <dt className="muted">{t('message.received')}</dt><dd style={{ margin: 0 }}>{t('message.receivedValue', { at: format.dateTime(msg.receivedAt, WITH_SECONDS), size: msg.size })}</dd>
      </dl>

      <nav className="tabs" aria-label={t('message.views')}>
        {TABS.map((k) => (
          <Link key={k} href={`/dev/inbox/${msg.id}?tab=${k}`} aria-current={k === tab ? 'page' : undefined} replace>
            {t('message.tab', { tab: k })}
          </Link>
        ))}
      </nav>

      {tab === 'html' &&
        (msg.html ? (
          <div className="stack">
            <iframe
              title={t('message.htmlBody')}
              sandbox={SANDBOX}
              srcDoc={`<base target="_blank">${msg.html}`}
              style={{ width: '100%', height: '70vh', border: '1px solid var(--border)', borderRadius: 8, background: '#fff' }}
            />
            {links.length > 0 && (
              <section aria-labelledby="links-title">
                <h2 id="links-title">{t('message.links')}</h2>
                <ul className="mono" style={{ wordBreak: 'break-all' }}>
                  {links.map((href) => (
                    <li key={href}><a href={href} target="_blank" rel="noopener noreferrer">{href}</a></li>
                  ))}
                </ul>
              </section>
            )}
          </div>
        ) : (
          <p className="muted">{t('message.noHtml')}</p>
        ))}
      {tab === 'text' && (msg.text ? <pre className="card">{msg.text}</pre> : <p className="muted">{t('message.noText')}</p>)}
      {tab === 'headers' && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t('message.header')}</th><th>{t('message.value')}</th></tr></thead>
            <tbody>
              {msg.headerList.map((h, i) => (
                <tr key={i}><td className="mono">{h.key}</td><td className="mono" style={{ wordBreak: 'break-all' }}>{h.value}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {tab === 'raw' && <pre className="card" style={{ maxHeight: '70vh', overflow: 'auto' }}>{msg.raw}</pre>}
    </div>
  );
}

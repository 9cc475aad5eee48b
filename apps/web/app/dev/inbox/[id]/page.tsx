import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DomainError } from '@rundbrief/core';
import { extractLinks, getSinkMessage } from '@rundbrief/core/platform/sink-inbox';
import { requireOperator } from '@/lib/session';

export const metadata: Metadata = { title: 'Message' };

const TABS = [
  { id: 'html', label: 'HTML' },
  { id: 'text', label: 'Text' },
  { id: 'headers', label: 'Headers' },
  { id: 'raw', label: 'Raw source' },
] as const;
type Tab = (typeof TABS)[number]['id'];

// The mail's HTML runs in a sandbox without scripts or same-origin access. Links open in a
// new tab (popups allowed, escaping the sandbox so the target page works normally).
const SANDBOX = 'allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';

async function load(id: string) {
  try {
    return await getSinkMessage(id);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
}

export default async function MessagePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string }> }) {
  await requireOperator();
  const { id } = await params;
  const msg = await load(id);
  const requested = (await searchParams).tab;
  const tab: Tab = TABS.some((t) => t.id === requested) ? (requested as Tab) : msg.html ? 'html' : 'text';
  const links = msg.html ? extractLinks(msg.html) : [];

  return (
    <div>
      <p><Link href="/dev/inbox">← Inbox</Link> · <a href={`/dev/inbox/${msg.id}/raw`} download>Download .eml</a></p>
      <h1>{msg.subject || '(no subject)'}</h1>
      <dl className="card" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: '0 0 16px' }}>
        <dt className="muted">From</dt><dd style={{ margin: 0 }}>{msg.fromHeader ?? msg.mailFrom}</dd>
        <dt className="muted">To</dt><dd style={{ margin: 0 }}>{msg.toHeader ?? msg.rcptTo.join(', ')}</dd>
        <dt className="muted">Envelope</dt><dd style={{ margin: 0 }} className="mono">MAIL FROM:&lt;{msg.mailFrom}&gt; RCPT TO:&lt;{msg.rcptTo.join('>, <')}&gt;</dd>
        <dt className="muted">Source IP</dt><dd style={{ margin: 0 }} className="mono" data-testid="remote-ip">{msg.remoteIp}</dd>
        <dt className="muted">HELO</dt><dd style={{ margin: 0 }} className="mono">{msg.heloName ?? '—'}</dd>
        <dt className="muted">Received</dt><dd style={{ margin: 0 }}>{msg.receivedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC · {msg.size.toLocaleString('en')} bytes</dd>
      </dl>

      <nav className="tabs" aria-label="Message views">
        {TABS.map((t) => (
          <Link key={t.id} href={`/dev/inbox/${msg.id}?tab=${t.id}`} aria-current={t.id === tab ? 'page' : undefined} replace>
            {t.label}
          </Link>
        ))}
      </nav>

      {tab === 'html' &&
        (msg.html ? (
          <div className="stack">
            <iframe
              title="HTML body"
              sandbox={SANDBOX}
              srcDoc={`<base target="_blank">${msg.html}`}
              style={{ width: '100%', height: '70vh', border: '1px solid var(--border)', borderRadius: 8, background: '#fff' }}
            />
            {links.length > 0 && (
              <section aria-labelledby="links-title">
                <h2 id="links-title">Links in this message</h2>
                <ul className="mono" style={{ wordBreak: 'break-all' }}>
                  {links.map((href) => (
                    <li key={href}><a href={href} target="_blank" rel="noopener noreferrer">{href}</a></li>
                  ))}
                </ul>
              </section>
            )}
          </div>
        ) : (
          <p className="muted">This message has no HTML part.</p>
        ))}
      {tab === 'text' && (msg.text ? <pre className="card">{msg.text}</pre> : <p className="muted">This message has no text part.</p>)}
      {tab === 'headers' && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Header</th><th>Value</th></tr></thead>
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

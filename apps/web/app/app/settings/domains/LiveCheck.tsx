'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { checkDomainAction } from './actions';

/** Re-check every 10 s while records are not all passing, for at most 5 minutes after the page opens. */
const EVERY_MS = 10_000;
const FOR_MS = 5 * 60_000;

/**
 * Live status for a domain whose records are pending or failing: runs the same "Check DNS
 * now" action on a timer, so a record turns Pass on the page shortly after it is published.
 */
export function LiveCheck({ domainId, pending }: { domainId: string; pending: boolean }) {
  const t = useTranslations('settings.domains.live');
  const router = useRouter();
  const [checking, setChecking] = useState(false);
  const [stopped, setStopped] = useState(false);
  const started = useRef(Date.now());

  useEffect(() => {
    if (!pending || stopped) return;
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      if (Date.now() - started.current > FOR_MS) {
        setStopped(true);
        return;
      }
      busy = true;
      setChecking(true);
      try {
        const form = new FormData();
        form.set('domainId', domainId);
        await checkDomainAction(undefined, form);
        router.refresh();
      } finally {
        busy = false;
        setChecking(false);
      }
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, [domainId, pending, stopped, router]);

  if (!pending) return null;
  return (
    <span className="muted" role="status" aria-live="polite" data-testid="live-check">
      {checking ? t('checking') : stopped ? t('stopped') : t('every', { seconds: EVERY_MS / 1000 })}
    </span>
  );
}

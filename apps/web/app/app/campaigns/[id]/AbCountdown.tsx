'use client';
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';

/** "in 12 min" until `at`, updated every 15 s; "any moment now" once it passed. */
export function AbCountdown({ at }: { at: string }) {
  const t = useTranslations('campaigns.ab');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  const left = Math.round((new Date(at).getTime() - now) / 60_000);
  if (left <= 0) return <span data-testid="ab-countdown">{t('countdownNow')}</span>;
  const h = Math.floor(left / 60);
  return <span data-testid="ab-countdown">{h ? t('countdownHours', { h, m: left % 60 }) : t('countdownMinutes', { m: left })}</span>;
}

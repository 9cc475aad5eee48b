// The erasure confirmation link mailed from the data page (/p/<token>). Opening it erases
// nothing (mail scanners open links): the button does.
import type { Metadata } from 'next';
import { DomainError, subscriberByErasureToken } from '@rundbrief/core';
import styles from '../../f/[publicId]/public.module.css';
import { ConfirmEraseForm } from './ConfirmEraseForm';
import { InLanguage, translationsIn } from '@/i18n/in-language';
import { erasureLocale } from '@/i18n/subscriber';

export const dynamic = 'force-dynamic';
export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const t = await translationsIn(await erasureLocale((await params).token), 'public.erase');
  return { title: t('title'), robots: { index: false } };
}

export default async function ConfirmErasurePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // The language of the subscriber's lists (issue 14); an expired or unknown link: the visitor's.
  const locale = await erasureLocale(token);
  const t = await translationsIn(locale, 'public.erase');
  try {
    await subscriberByErasureToken(token);
  } catch (e) {
    if (!(e instanceof DomainError) || (e.code !== 'NOT_FOUND' && e.code !== 'GONE')) throw e;
    return (
      <main className={styles.wrap}>
        <h1>{e.code === 'GONE' ? t('expired') : t('noData')}</h1>
        <p>{e.message}</p>
      </main>
    );
  }
  return (
    <InLanguage locale={locale ?? 'en'}>
      <main className={styles.wrap} lang={locale}>
        <h1>{t('heading')}</h1>
        <p>{t('body')}</p>
        <ConfirmEraseForm token={token} />
      </main>
    </InLanguage>
  );
}

import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { describeConfirmToken } from '@rundbrief/core';
import { InLanguage, translationsIn } from '@/i18n/in-language';
import styles from '../../f/[publicId]/public.module.css';
import { ConfirmForm, ResendForm } from './ConfirmForms';
import { PublicFooter } from '@/components/PublicFooter';

export const dynamic = 'force-dynamic';
export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const info = await describeConfirmToken({ token: (await params).token });
  const t = await translationsIn(info.state === 'invalid' ? undefined : info.language, 'public.confirm');
  return { title: t('title'), robots: { index: false } };
}

export default async function ConfirmPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const info = await describeConfirmToken({ token });
  // The list's language (issue 14); an unknown token has no list: the visitor's language.
  const locale = info.state === 'invalid' ? undefined : info.language;
  const t = await translationsIn(locale, 'public');
  const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
  const body = (
    <main className={styles.wrap} lang={locale}>
      {info.state === 'valid' && (
        <>
          <h1>{t('confirm.heading')}</h1>
          <p>{t.rich('confirm.question', { email: info.email, list: info.listName, strong })}</p>
          <ConfirmForm token={token} />
        </>
      )}
      {info.state === 'expired' && (
        <>
          <h1>{t('confirm.expiredHeading')}</h1>
          <p>{t.rich('confirm.expiredBody', { email: info.email, list: info.listName, strong })}</p>
          <ResendForm token={token} />
        </>
      )}
      {info.state === 'invalid' && (
        <>
          <h1>{t('confirm.invalidHeading')}</h1>
          <p>{t('confirm.invalidBody')}</p>
        </>
      )}
      {info.state !== 'invalid' && <PublicFooter footer={info.footer} className={styles.footer} reportAbuse={t('reportAbuse')} />}
    </main>
  );
  return info.state === 'invalid' ? body : <InLanguage locale={info.language}>{body}</InLanguage>;
}

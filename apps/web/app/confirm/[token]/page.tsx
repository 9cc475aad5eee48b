import type { Metadata } from 'next';
import { describeConfirmToken } from '@rundbrief/core';
import styles from '../../f/[publicId]/public.module.css';
import { ConfirmForm, ResendForm } from './ConfirmForms';
import { PublicFooter } from '@/components/PublicFooter';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Confirm your subscription', robots: { index: false } };

export default async function ConfirmPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const info = await describeConfirmToken({ token });
  return (
    <main className={styles.wrap}>
      {info.state === 'valid' && (
        <>
          <h1>Confirm your subscription</h1>
          <p>Subscribe <strong>{info.email}</strong> to <strong>{info.listName}</strong>?</p>
          <ConfirmForm token={token} />
        </>
      )}
      {info.state === 'expired' && (
        <>
          <h1>This link has expired</h1>
          <p>Confirmation links are valid for a limited time. We can send a new one to <strong>{info.email}</strong> for {info.listName}.</p>
          <ResendForm token={token} />
        </>
      )}
      {info.state === 'invalid' && (
        <>
          <h1>This link is not valid</h1>
          <p>It was already used or is incomplete. If you confirmed before, you are subscribed; otherwise please sign up again on the form.</p>
        </>
      )}
      {info.state !== 'invalid' && <PublicFooter footer={info.footer} className={styles.footer} />}
    </main>
  );
}

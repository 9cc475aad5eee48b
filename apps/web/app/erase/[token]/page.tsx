// The erasure confirmation link mailed from the data page (/p/<token>). Opening it erases
// nothing (mail scanners open links): the button does.
import type { Metadata } from 'next';
import { DomainError, subscriberByErasureToken } from '@rundbrief/core';
import styles from '../../f/[publicId]/public.module.css';
import { ConfirmEraseForm } from './ConfirmEraseForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Erase your data', robots: { index: false } };

export default async function ConfirmErasurePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    await subscriberByErasureToken(token);
  } catch (e) {
    if (!(e instanceof DomainError) || (e.code !== 'NOT_FOUND' && e.code !== 'GONE')) throw e;
    return (
      <main className={styles.wrap}>
        <h1>{e.code === 'GONE' ? 'This link has expired' : 'No data'}</h1>
        <p>{e.message}</p>
      </main>
    );
  }
  return (
    <main className={styles.wrap}>
      <h1>Erase your data</h1>
      <p>All data held about your address is erased and you are unsubscribed from everything. This cannot be undone.</p>
      <ConfirmEraseForm token={token} />
    </main>
  );
}

'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import styles from './CopyValue.module.css';

type Props = {
  value: string;
  /** What is copied, for the button's accessible name: "DKIM value", "SPF name". */
  what: string;
  testId?: string;
};

/**
 * A long value (a DNS record, a key) on one scrollable line with a copy button. The clipboard
 * API exists only in secure contexts (https or localhost); elsewhere the value is selected so
 * the user can press Ctrl+C.
 */
export function CopyValue({ value, what, testId }: Props) {
  const t = useTranslations('common.copy');
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const code = useRef<HTMLElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      const range = document.createRange();
      if (code.current) range.selectNodeContents(code.current);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      setState('selected');
    }
  }

  return (
    <div className={styles.box}>
      <code ref={code} className={`mono ${styles.value}`} data-testid={testId} title={value} tabIndex={0}>{value}</code>
      <button type="button" className="btn btn-sm" onClick={copy} onBlur={() => setState('idle')}
        aria-label={t(state === 'copied' ? 'copiedWhat' : 'copyWhat', { what })}>
        {t(state === 'copied' ? 'copied' : 'copy')}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? t('copiedStatus', { what }) : state === 'selected' ? t('selected', { what }) : ''}
      </span>
    </div>
  );
}

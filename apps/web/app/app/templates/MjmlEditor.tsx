'use client';

// MJML source editor with a live preview: every change is compiled on the server (debounced)
// and the rendered HTML swapped into a sandboxed iframe; no page reload.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import CodeMirror, { EditorState } from '@uiw/react-codemirror';
import { xml } from '@codemirror/lang-xml';
import type { Preview } from '@rundbrief/core/authoring/index';
import type { ActionResult } from '@/lib/action-result';
import styles from './editor.module.css';

export type PreviewFn = (input: { mjml: string; subject?: string; preheader?: string | null; textOverride?: string | null }) => Promise<ActionResult<Preview>>;

type Props = {
  value: string;
  onChange: (mjml: string) => void;
  preview: PreviewFn;
  /** Extra fields shown in the preview (campaign subject / preheader / text override). */
  context?: { subject?: string; preheader?: string | null; textOverride?: string | null };
  /** Receives the generated text part (campaign editor shows it). */
  onText?: (text: string) => void;
};

const WIDTHS = { desktop: 640, mobile: 375 } as const;
// CodeMirror's own texts (fold markers, search panel), keyed by its English phrase.
const CM_PHRASES = {
  'Fold line': 'foldLine', 'Unfold line': 'unfoldLine', 'folded code': 'foldedCode', 'unfold': 'unfold',
  'Find': 'find', 'Replace': 'replace', 'next': 'next', 'previous': 'previous', 'all': 'all', 'match case': 'matchCase',
  'regexp': 'regexp', 'by word': 'byWord', 'replace': 'replaceOne', 'replace all': 'replaceAll', 'close': 'close',
} as const;

export function MjmlEditor({ value, onChange, preview, context, onText }: Props) {
  const t = useTranslations('templates.mjml');
  const tcm = useTranslations('templates.mjml.codemirror');
  const extensions = useMemo(
    () => [xml(), EditorState.phrases.of(Object.fromEntries(Object.entries(CM_PHRASES).map(([en, key]) => [en, tcm(key)])))],
    [tcm],
  );
  const [result, setResult] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [width, setWidth] = useState<keyof typeof WIDTHS>('desktop');
  const [pending, setPending] = useState(false);
  const seq = useRef(0);
  const contextKey = JSON.stringify(context ?? {});
  // The latest onText without making it a dependency: a parent's inline callback would
  // otherwise re-run the preview on every render.
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  });

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      setPending(true);
      const r = await preview({ mjml: value, ...(JSON.parse(contextKey) as Props['context']) });
      if (mine !== seq.current) return; // a newer edit is already on its way
      setPending(false);
      if (r.ok) {
        setResult(r.data);
        setError(null);
        onTextRef.current?.(r.data.text);
      } else setError(r.error);
    }, 400);
    return () => clearTimeout(timer);
  }, [value, contextKey, preview]);

  const issues = result?.issues ?? [];
  return (
    <div className={styles.editor}>
      <div className={styles.source}>
        <CodeMirror value={value} onChange={onChange} extensions={extensions} height="560px" aria-label={t('source')} basicSetup={{ lineNumbers: true, foldGutter: true }} />
        <div aria-live="polite" data-testid="mjml-issues">
          {error && <div className="alert alert-error" role="alert">{error}</div>}
          {issues.length > 0 && (
            <ul className={`alert alert-error ${styles.issues}`}>
              {issues.map((i, n) => <li key={n}>{i.line ? <strong>{t('line', { line: i.line })}</strong> : null}{i.message}</li>)}
            </ul>
          )}
          {!error && result && issues.length === 0 && <p className="muted">{t('noProblems')}</p>}
        </div>
      </div>
      <div className={styles.previewPane}>
        <div className="toolbar" role="group" aria-label={t('previewWidth')}>
          {(Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]).map((w) => (
            <button key={w} type="button" className={`btn btn-sm ${width === w ? 'btn-primary' : ''}`} aria-pressed={width === w} onClick={() => setWidth(w)}>
              {t(w)}
            </button>
          ))}
          <span className="muted">{pending ? t('updating') : result?.subject ? t.rich('subject', { subject: result.subject, strong: (c) => <strong data-testid="preview-subject">{c}</strong> }) : null}</span>
        </div>
        {/* sandbox without allow-scripts: mail HTML never runs script, not even here */}
        <iframe title={t('preview')} data-testid="preview-frame" sandbox="" className={styles.frame} style={{ width: WIDTHS[width] }} srcDoc={result?.html ?? ''} />
      </div>
    </div>
  );
}

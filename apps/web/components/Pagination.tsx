import Link from 'next/link';
import { useTranslations } from 'next-intl';

type Props = {
  page: number; // 1-based
  pageSize: number;
  total: number;
  /** Builds the link for a page, keeping the page's other query parameters. */
  href: (page: number) => string;
};

/** Page links with previous/next; renders nothing when everything fits on one page. */
export function Pagination({ page, pageSize, total, href }: Props) {
  const t = useTranslations('common.pagination');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const nearby = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label={t('label')}>
      <ul className="pagination">
        <li>{page > 1 ? <Link href={href(page - 1)} rel="prev">{t('previous')}</Link> : <span aria-disabled="true">{t('previous')}</span>}</li>
        {nearby.map((p, i) => (
          <li key={p}>
            {i > 0 && p - nearby[i - 1]! > 1 && <span aria-hidden="true" style={{ border: 0, background: 'none' }}>…</span>}
            <Link href={href(p)} aria-current={p === page ? 'page' : undefined} aria-label={t('page', { page: p })}>{p}</Link>
          </li>
        ))}
        <li>{page < pages ? <Link href={href(page + 1)} rel="next">{t('next')}</Link> : <span aria-disabled="true">{t('next')}</span>}</li>
      </ul>
    </nav>
  );
}

/** Parses ?page= safely (bad values mean page 1). */
export function pageParam(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

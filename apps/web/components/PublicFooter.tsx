import type { PublicFooter as Footer } from '@rundbrief/core';

/** Who runs a public page (imprint) and where to report abuse; `className` keeps the page's own layout. */
export function PublicFooter({ footer, className, reportAbuse = 'Report abuse:' }: { footer: Footer; className?: string; reportAbuse?: string }) {
  return (
    <footer className={className} data-testid="public-footer">
      {footer.imprint}
      {footer.abuseContact && <>{'\n'}{reportAbuse} <a href={`mailto:${footer.abuseContact}`}>{footer.abuseContact}</a></>}
    </footer>
  );
}

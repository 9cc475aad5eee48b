// The Content-Security-Policy, defined once. Nothing is loaded from other hosts (the app runs
// offline). Pages get the nonce-based policy (proxy.ts adds a fresh nonce per request;
// Next.js puts it on its own inline bootstrap scripts, so injected markup cannot run
// script); the baseline (next.config.ts headers) covers what the proxy skips: API routes,
// static files, prefetches, where no HTML with inline scripts is served. Dev adds eval and
// the HMR socket. Public signup forms (/f/...) may be embedded in the tenant's own site.
export type CspScripts = { nonce: string } | 'baseline';

export function contentSecurityPolicy(opts: { scripts: CspScripts; embeddable: boolean; dev: boolean }): string {
  const eval_ = opts.dev ? " 'unsafe-eval'" : '';
  const scripts = opts.scripts === 'baseline' ? `'self' 'unsafe-inline'${eval_}` : `'self' 'nonce-${opts.scripts.nonce}' 'strict-dynamic'${eval_}`;
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'", // React style attributes and the template editor
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${opts.embeddable ? '*' : "'none'"}`,
  ].join('; ');
}

/** Paths whose pages may be framed by other sites. */
export const isEmbeddablePath = (pathname: string) => pathname.startsWith('/f/');

import type { MergeVars } from './types.ts';

/** Vars for previews and test sends: a made-up recipient, links that go nowhere harmful. */
export function sampleMergeVars(opts: { email?: string; appUrl?: string; attributes?: Record<string, unknown> } = {}): MergeVars {
  const base = (opts.appUrl ?? 'http://localhost:3000').replace(/\/$/, '');
  return {
    email: opts.email ?? 'alex@example.com',
    firstName: 'Alex',
    lastName: 'Example',
    attributes: opts.attributes ?? {},
    unsubscribeUrl: `${base}/u/test-send`,
    preferencesUrl: `${base}/p/test-send`,
  };
}

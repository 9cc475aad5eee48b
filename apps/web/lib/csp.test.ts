import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isEmbeddablePath } from './csp.ts';

describe('Content-Security-Policy', () => {
  it('pages run only scripts with the request nonce; nothing from other hosts', () => {
    const csp = contentSecurityPolicy({ scripts: { nonce: 'abc' }, embeddable: false, dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
  });

  it('only public signup forms may be framed by other sites', () => {
    expect(isEmbeddablePath('/f/123')).toBe(true);
    expect(isEmbeddablePath('/app/f/123')).toBe(false);
    expect(contentSecurityPolicy({ scripts: 'baseline', embeddable: true, dev: false })).toContain('frame-ancestors *');
  });

  it('dev adds eval and the HMR socket, production never', () => {
    expect(contentSecurityPolicy({ scripts: 'baseline', embeddable: false, dev: true })).toContain("connect-src 'self' ws: wss:");
    expect(contentSecurityPolicy({ scripts: 'baseline', embeddable: false, dev: false })).toContain("connect-src 'self';");
  });
});

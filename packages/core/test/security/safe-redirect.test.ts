import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '../../src/security/safe-redirect.ts';

describe('safeRedirectPath', () => {
  it('keeps paths on this site, with query and fragment', () => {
    expect(safeRedirectPath('/app/campaigns?status=SENT#top')).toBe('/app/campaigns?status=SENT#top');
    expect(safeRedirectPath('/app/./lists/../settings')).toBe('/app/settings');
    expect(safeRedirectPath('/app/search?q=a%2Fb')).toBe('/app/search?q=a%2Fb');
    expect(safeRedirectPath(['/app/lists', '//evil.com'])).toBe('/app/lists');
  });

  it.each([
    ['protocol-relative', '//evil.com'],
    ['protocol-relative, three slashes', '///evil.com'],
    ['dot segment', '/.//evil.com'],
    ['dot-dot segment', '/a/..//evil.com'],
    ['backslash', '/\\evil.com'],
    ['backslashes', '\\\\evil.com'],
    ['slash-backslash later', '/app/\\\\evil.com'],
    ['encoded slash', '/%2f%2fevil.com'],
    ['encoded slash, upper case', '/%2F/evil.com'],
    ['encoded dot segment', '/.%2f/evil.com'],
    ['encoded backslash', '/%5cevil.com'],
    ['encoded backslash, upper case', '/%5C%5Cevil.com'],
    ['tab', '/\t/evil.com'],
    ['newline', '/\n/evil.com'],
    ['carriage return', '/\r/evil.com'],
    ['encoded tab', '/%09/evil.com'],
    ['encoded newline', '/%0a/evil.com'],
    ['absolute http', 'http://evil.com/app'],
    ['absolute https', 'https://evil.com'],
    ['scheme-relative with scheme only', 'https:evil.com'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: upper case', 'JaVaScRiPt:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['no leading slash', 'evil.com'],
    ['empty', ''],
    ['broken encoding', '/%E0%A4%A'],
  ])('refuses %s', (_name, value) => {
    expect(safeRedirectPath(value)).toBe('/app');
  });

  it('falls back for what is not a string', () => {
    expect(safeRedirectPath(undefined)).toBe('/app');
    expect(safeRedirectPath(42, '/')).toBe('/');
    expect(safeRedirectPath(`/${'a'.repeat(3000)}`)).toBe('/app');
  });
});

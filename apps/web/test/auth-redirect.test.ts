// next-auth's redirect callback: a callbackUrl leaves the site neither as a path browsers
// read as protocol-relative nor as an absolute URL of another origin.
import { describe, expect, it } from 'vitest';
import { authRedirect } from '../lib/auth.ts';

const baseUrl = 'http://localhost:3000';

describe('authRedirect', () => {
  it('keeps paths and same-origin URLs', () => {
    expect(authRedirect({ url: '/app/lists?x=1', baseUrl })).toBe('http://localhost:3000/app/lists?x=1');
    expect(authRedirect({ url: 'http://localhost:3000/app/campaigns', baseUrl })).toBe('http://localhost:3000/app/campaigns');
  });

  it.each(['/.//evil.com', '//evil.com', '/\\evil.com', '/%2f%2fevil.com', 'https://evil.com/app', 'http://localhost:3000.evil.com/app', 'http://localhost:3000//evil.com', 'javascript:alert(1)'])(
    'sends %s to /app',
    (url) => {
      expect(authRedirect({ url, baseUrl })).toBe('http://localhost:3000/app');
    },
  );
});

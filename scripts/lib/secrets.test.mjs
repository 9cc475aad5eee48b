// npm start refuses the placeholder secrets of .env.example (and other non-secrets) with one
// readable message; generated secrets pass.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertRealSecrets, secretProblems } from './secrets.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(ROOT, '.env.example');
const real = () => ({ APP_SECRET: randomBytes(32).toString('hex'), NEXTAUTH_SECRET: randomBytes(32).toString('hex'), ENCRYPTION_KEY: randomBytes(32).toString('hex') });

describe('assertRealSecrets', () => {
  it('accepts generated secrets', () => {
    expect(() => assertRealSecrets(real(), EXAMPLE)).not.toThrow();
  });

  it('refuses the values of .env.example, naming each key', () => {
    const env = { ...real(), APP_SECRET: 'change-me-app-secret', ENCRYPTION_KEY: 'change-me-64-hex-characters' };
    expect(() => assertRealSecrets(env, EXAMPLE)).toThrow(/APP_SECRET is the placeholder from \.env\.example[\s\S]*ENCRYPTION_KEY is the placeholder/);
  });

  it('refuses empty, short, repeated, placeholder-like and non-hex values', () => {
    const bad = (over) => secretProblems({ ...real(), ...over }).map((p) => `${p.key} ${p.why}`);
    expect(bad({ NEXTAUTH_SECRET: '' })).toEqual(['NEXTAUTH_SECRET is not set']);
    expect(bad({ NEXTAUTH_SECRET: 'hunter2' })).toEqual(['NEXTAUTH_SECRET is shorter than 32 characters']);
    expect(bad({ APP_SECRET: 'a'.repeat(64) })).toEqual(['APP_SECRET repeats one character']);
    expect(bad({ APP_SECRET: 'please-CHANGE_ME-before-going-to-production' })).toEqual(['APP_SECRET looks like a placeholder']);
    expect(bad({ ENCRYPTION_KEY: randomBytes(32).toString('base64') })).toEqual(['ENCRYPTION_KEY must be 64 hex characters (32 bytes)']);
  });
});

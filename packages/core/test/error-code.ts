// What a use case ends in, as one comparable value: 'ok', the DomainError code, or the text
// of any other error (so an unexpected crash fails the test with its message).
import { DomainError } from '../src/errors.ts';

export const errorCode = (p: Promise<unknown>): Promise<string> =>
  p.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

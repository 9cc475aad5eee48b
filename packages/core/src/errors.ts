// One error type for every rule in core. The web edge maps `code` to an HTTP status
// (httpStatusFor), the worker to retry / fail. `message` is English (REST API, logs); a refusal
// people see in a form also carries `text`, its code with values under the web catalogue's
// errors.core (texts.ts), added where it is thrown:
//   throw new DomainError('CONFLICT', `${v} is already on the blocklist.`).withText('operator.onBlocklist', { value: v });
import { coreText, type CoreText, type TextParams } from './texts.ts';

export const DOMAIN_ERROR_CODES = {
  NOT_FOUND: 404,
  VALIDATION: 422,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  POLICY: 422, // a deliverability / password / consent rule refused it
  PRECONDITION: 412,
  SUSPENDED: 423,
  GONE: 410,
  UNAVAILABLE: 503,
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_CODES;

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details?: unknown;
  text?: CoreText;
  constructor(code: DomainErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  /** The message as a text code with its values (the web renders it in the user's language). */
  withText(code: string, params?: TextParams): this {
    this.text = coreText(code, params);
    return this;
  }
}

export function httpStatusFor(err: unknown): number {
  return err instanceof DomainError ? DOMAIN_ERROR_CODES[err.code] : 500;
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`).withText('common.notFound', { what });

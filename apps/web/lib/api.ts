// The edge of the REST API (/api/v1/**): bearer API key -> TenantCtx (tenant-ctx.ts), then
// the handler; every failure becomes JSON `{ error: { code, message, fields? } }` with a 4xx
// status (500 only for bugs, logged without request secrets).
//
//   export const POST = apiRoute({ scope: 'subscribers:write' }, async ({ req, ctx }) => {
//     const body = await readJson(req, createSubscriberSchema);
//     return createSubscriber(ctx, body);   // -> 200 JSON; ctx is never merged with the body
//   });
import { z } from 'zod';
import { authenticateApiKey, DomainError, httpStatusFor, retryAfterSeconds, type ApiScope } from '@rundbrief/core';
import { requestIp } from './client-ip.ts';
import { apiKeyCtx, type ApiKeyCtx } from './tenant-ctx.ts';

export type ApiContext = ApiKeyCtx;
type Params = Record<string, string | string[] | undefined>;

export type ApiHandler<P extends Params> = (args: { req: Request; ctx: ApiContext; params: P }) => Promise<unknown> | unknown;

/** An error with its own HTTP status, for edge-only failures such as a malformed body. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Parses the JSON body against `schema`: not JSON -> 400, schema mismatch -> 422. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
  }
  return schema.parse(body);
}

/** The most a route that takes no body reads: room for `{}` and some whitespace. */
const NO_BODY_READ_LIMIT = 64;

/** The body as text, or null when it is longer than `limit` bytes (read no further then). */
async function readAtMost(req: Request, limit: number): Promise<string | null> {
  if (Number(req.headers.get('content-length')) > limit) return null;
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * For routes that take no body (every DELETE; send, pause, resume, cancel; webhook test, rotate, resend):
 * none, or an empty JSON object `{}` (what many clients send by default), is accepted; any
 * other body is a 400, so a client that thinks it passes options learns that it does not.
 */
export async function refuseBody(req: Request): Promise<void> {
  const text = (await readAtMost(req, NO_BODY_READ_LIMIT))?.trim();
  if (text === '') return;
  if (text !== undefined) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body !== null && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  }
  throw new HttpError(400, 'BAD_REQUEST', 'This request takes no body: send none, or an empty JSON object {}');
}

export function errorResponse(status: number, code: string, message: string, fields?: Record<string, string[]>): Response {
  const headers: HeadersInit = status === 401 ? { 'WWW-Authenticate': 'Bearer realm="rundbrief"' } : {};
  return Response.json({ error: fields ? { code, message, fields } : { code, message } }, { status, headers });
}

/** Field path -> messages, e.g. { "email": ["Invalid email address"] }. */
export function zodFields(err: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

export function toErrorResponse(err: unknown): Response {
  if (err instanceof HttpError) return errorResponse(err.status, err.code, err.message);
  if (err instanceof z.ZodError) return errorResponse(422, 'VALIDATION', 'The request is invalid', zodFields(err));
  if (err instanceof DomainError) {
    const res = errorResponse(httpStatusFor(err), err.code, err.message);
    // A rate-limit refusal says when the tenant's window has room again (RFC 9110 10.2.3).
    const wait = retryAfterSeconds(err);
    if (wait) res.headers.set('Retry-After', String(wait));
    return res;
  }
  // Name, message and stack only: never the request, whose headers hold the API key.
  console.error('api: unhandled error', err instanceof Error ? (err.stack ?? err.message) : String(err));
  return errorResponse(500, 'INTERNAL', 'Something went wrong on our side');
}

function bearer(req: Request): string | null {
  const header = req.headers.get('authorization');
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1] ?? null;
}

/** `noBody`: the route takes no body and refuses one (refuseBody); say so in lib/openapi.ts too. */
export function apiRoute<P extends Params = Params>(opts: { scope: ApiScope; noBody?: boolean }, handler: ApiHandler<P>) {
  return async (req: Request, route?: { params?: Promise<P> }): Promise<Response> => {
    try {
      const key = bearer(req);
      if (!key) return errorResponse(401, 'UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer rb_..."');
      // The tenant's IP allowlist is enforced inside; X-Forwarded-For counts only from trusted proxies.
      const ctx = apiKeyCtx(await authenticateApiKey({ key, scope: opts.scope, ip: await requestIp(req.headers) }));
      if (opts.noBody) await refuseBody(req);
      const params = ((await route?.params) ?? {}) as P;
      const result = await handler({ req, ctx, params });
      if (result instanceof Response) return result;
      return result === undefined ? new Response(null, { status: 204 }) : Response.json(result);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

// The OpenAPI 3.1 document of /api/v1/**, generated from the zod schemas the routes parse
// with (core's input schemas and lib/api-schemas.ts) via z.toJSONSchema: no second copy.
// One entry per route file and exported method; test/openapi.int.test.ts fails when a route
// is missing here (or an entry has no route) and checks every real answer against it.
// Served at /api/v1/openapi.json and rendered at /app/settings/api-keys/reference.
import { z } from 'zod';
import { campaignListQuery, campaignUpdateInput, scheduleInput, testSendInput } from '@rundbrief/core/authoring/index';
import { listInput, subscriberUpdateSchema, type ApiScope } from '@rundbrief/core';
import { endpointDeliveryQuery, webhookEndpointInput, webhookEndpointPatch } from '@rundbrief/core/webhooks/endpoints';
import {
  apiErrorSchema, campaignCreateBody, campaignJsonSchema, campaignPageJson, checklistJson, idParams, listJson, listsJson, progressJson,
  scheduledJson, subscribedJson, subscriberCreateBody, webhookCreatedJson, webhookEndpointJson, webhookEndpointsJson, subscriberJson, subscriberListQuery, subscriberPageJson, subscriberPatchedJson, testSentJson,
  webhookDeliveryPageJson, webhookDeliveryParams, webhookResentJson, webhookRotatedJson, webhookTestJson,
} from './api-schemas.ts';

export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type ApiOperation = {
  method: ApiMethod;
  /** OpenAPI form: /api/v1/campaigns/{id} */
  path: string;
  summary: string;
  description?: string;
  tag: 'Lists' | 'Subscribers' | 'Campaigns' | 'Webhooks' | 'Meta';
  /** null: public (no key needed). */
  scope: ApiScope | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The route takes no body: none or `{}` is accepted, anything else is a 400 (lib/api.ts refuseBody). */
  noBody?: true;
  /** schema null: an empty answer (204). */
  success: { status: number; description: string; schema: z.ZodType | null };
  /** Extra error statuses besides those every keyed route has (401, 403, 423) and those implied by params/query/body. */
  errors?: number[];
};

/** What each error status means, for the document and the reference page. */
export const ERROR_STATUS: Record<number, string> = {
  400: 'The body is not valid JSON (BAD_REQUEST)',
  401: 'No API key, or an unknown / revoked one (UNAUTHENTICATED)',
  403: 'The key lacks the scope, or the request comes from outside the account\'s IP allowlist (FORBIDDEN)',
  404: 'No such item in this account: another account\'s id or a malformed id (NOT_FOUND)',
  409: 'The item is not in a state that allows this (CONFLICT)',
  412: 'The pre-send checklist blocks; the message lists the reasons (PRECONDITION)',
  422: 'Invalid parameters or body (VALIDATION, with fields) or a policy refused it (POLICY)',
  423: 'The account is suspended (SUSPENDED)',
  429: 'The account\'s sending limit is reached; Retry-After says when there is room (RATE_LIMITED)',
};

const item = { params: idParams, errors: [] as number[] };
/** The 400 of a route that takes no body. */
export const NO_BODY_400 = 'This request takes no body: send none, or an empty JSON object {} (a client\'s default); any other body is refused (BAD_REQUEST)';
const noBody = { noBody: true } as const;

export const API_OPERATIONS: ApiOperation[] = [
  { method: 'GET', path: '/api/v1/openapi.json', tag: 'Meta', scope: null, summary: 'This document', success: { status: 200, description: 'The OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },

  { method: 'GET', path: '/api/v1/lists', tag: 'Lists', scope: 'lists:read', summary: 'All lists with their subscriber counts', success: { status: 200, description: 'The lists', schema: listsJson } },
  { method: 'POST', path: '/api/v1/lists', tag: 'Lists', scope: 'lists:write', summary: 'Create a list', body: listInput, success: { status: 201, description: 'The new list', schema: listJson } },
  { method: 'GET', path: '/api/v1/lists/{id}', tag: 'Lists', scope: 'lists:read', summary: 'One list', ...item, success: { status: 200, description: 'The list', schema: listJson } },
  { method: 'PATCH', path: '/api/v1/lists/{id}', tag: 'Lists', scope: 'lists:write', summary: 'Change a list (name, opt-in mode, mails)', ...item, body: listInput, success: { status: 200, description: 'The list as stored', schema: listJson } },
  { method: 'DELETE', path: '/api/v1/lists/{id}', tag: 'Lists', scope: 'lists:write', ...noBody, summary: 'Delete a list', ...item, success: { status: 204, description: 'Deleted', schema: null } },

  { method: 'GET', path: '/api/v1/subscribers', tag: 'Subscribers', scope: 'subscribers:read', summary: 'Search and filter subscribers, newest first (keyset pages)', query: subscriberListQuery, success: { status: 200, description: 'A page', schema: subscriberPageJson } },
  {
    method: 'POST', path: '/api/v1/subscribers', tag: 'Subscribers', scope: 'subscribers:write', summary: 'Subscribe an address to lists',
    description: 'Goes through the consent flow: double opt-in unless the list is in CONFIRMED mode.', body: subscriberCreateBody, errors: [404, 429],
    success: { status: 201, description: 'One subscription per list', schema: subscribedJson },
  },
  { method: 'GET', path: '/api/v1/subscribers/{id}', tag: 'Subscribers', scope: 'subscribers:read', summary: 'A subscriber with subscriptions and consent proof', ...item, success: { status: 200, description: 'The subscriber', schema: subscriberJson } },
  { method: 'PATCH', path: '/api/v1/subscribers/{id}', tag: 'Subscribers', scope: 'subscribers:write', summary: 'Change names and attributes', ...item, body: subscriberUpdateSchema, success: { status: 200, description: 'The subscriber as stored', schema: subscriberPatchedJson } },
  { method: 'DELETE', path: '/api/v1/subscribers/{id}', tag: 'Subscribers', scope: 'subscribers:write', ...noBody, summary: 'Erase a subscriber (GDPR); a hashed suppression stays', ...item, success: { status: 204, description: 'Erased', schema: null } },

  { method: 'GET', path: '/api/v1/campaigns', tag: 'Campaigns', scope: 'campaigns:read', summary: 'Campaigns, newest first; q matches name or subject', query: campaignListQuery, success: { status: 200, description: 'A page', schema: campaignPageJson } },
  { method: 'POST', path: '/api/v1/campaigns', tag: 'Campaigns', scope: 'campaigns:write', summary: 'Create a draft (optionally from a template) with any draft fields', body: campaignCreateBody, errors: [404], success: { status: 201, description: 'The new draft', schema: campaignJsonSchema } },
  { method: 'GET', path: '/api/v1/campaigns/{id}', tag: 'Campaigns', scope: 'campaigns:read', summary: 'One campaign', ...item, success: { status: 200, description: 'The campaign', schema: campaignJsonSchema } },
  { method: 'PATCH', path: '/api/v1/campaigns/{id}', tag: 'Campaigns', scope: 'campaigns:write', summary: 'Edit a draft', ...item, body: campaignUpdateInput, errors: [409], success: { status: 200, description: 'The draft as stored', schema: campaignJsonSchema } },
  { method: 'DELETE', path: '/api/v1/campaigns/{id}', tag: 'Campaigns', scope: 'campaigns:write', ...noBody, summary: 'Delete a draft or a cancelled campaign', ...item, errors: [409], success: { status: 204, description: 'Deleted', schema: null } },
  { method: 'GET', path: '/api/v1/campaigns/{id}/checklist', tag: 'Campaigns', scope: 'campaigns:read', summary: 'The pre-send checklist', ...item, success: { status: 200, description: 'Items, template issues and whether it may be sent', schema: checklistJson } },
  { method: 'POST', path: '/api/v1/campaigns/{id}/schedule', tag: 'Campaigns', scope: 'campaigns:write', summary: 'Schedule a draft at a wall-clock time in a time zone', description: 'The checklist runs first.', ...item, body: scheduleInput, errors: [409, 412], success: { status: 200, description: 'The UTC instant and the zone', schema: scheduledJson } },
  { method: 'DELETE', path: '/api/v1/campaigns/{id}/schedule', tag: 'Campaigns', scope: 'campaigns:write', ...noBody, summary: 'Unschedule: back to a draft', ...item, errors: [409], success: { status: 204, description: 'A draft again', schema: null } },
  { method: 'POST', path: '/api/v1/campaigns/{id}/send', tag: 'Campaigns', scope: 'campaigns:write', ...noBody, summary: 'Send now', description: 'The checklist runs first; the worker snapshots the audience within seconds.', ...item, errors: [409, 412], success: { status: 202, description: 'Accepted; the progress', schema: progressJson } },
  { method: 'GET', path: '/api/v1/campaigns/{id}/progress', tag: 'Campaigns', scope: 'campaigns:read', summary: 'Live progress: sent, deferred, bounced, failed, skipped, remaining, percent', ...item, success: { status: 200, description: 'The progress', schema: progressJson } },
  { method: 'POST', path: '/api/v1/campaigns/{id}/pause', tag: 'Campaigns', scope: 'campaigns:write', ...noBody, summary: 'Pause a sending campaign (stops within seconds)', ...item, errors: [409], success: { status: 200, description: 'The progress', schema: progressJson } },
  { method: 'POST', path: '/api/v1/campaigns/{id}/resume', tag: 'Campaigns', scope: 'campaigns:write', ...noBody, summary: 'Resume a paused campaign', ...item, errors: [409], success: { status: 200, description: 'The progress', schema: progressJson } },
  { method: 'POST', path: '/api/v1/campaigns/{id}/cancel', tag: 'Campaigns', scope: 'campaigns:write', ...noBody, summary: 'Cancel: nothing more is sent; cannot be undone', ...item, errors: [409], success: { status: 200, description: 'The progress', schema: progressJson } },
  { method: 'POST', path: '/api/v1/campaigns/{id}/test-send', tag: 'Campaigns', scope: 'campaigns:write', summary: 'Send a test mail to up to 5 addresses', ...item, body: testSendInput, errors: [429], success: { status: 200, description: 'How many were queued', schema: testSentJson } },
  { method: 'GET', path: '/api/v1/webhooks', tag: 'Webhooks', scope: 'webhooks:manage', summary: 'Webhook endpoints, newest first (never their secrets)', success: { status: 200, description: 'The endpoints', schema: webhookEndpointsJson } },
  {
    method: 'POST', path: '/api/v1/webhooks', tag: 'Webhooks', scope: 'webhooks:manage', summary: 'Create a webhook endpoint',
    description: 'https URLs only; loopback, private, link-local and metadata addresses are refused (also after DNS resolution at every delivery). The answer carries the signing secret once.',
    body: webhookEndpointInput, errors: [409], success: { status: 201, description: 'The endpoint and its signing secret', schema: webhookCreatedJson },
  },
  { method: 'GET', path: '/api/v1/webhooks/{id}', tag: 'Webhooks', scope: 'webhooks:manage', summary: 'One webhook endpoint', ...item, success: { status: 200, description: 'The endpoint', schema: webhookEndpointJson } },
  { method: 'PATCH', path: '/api/v1/webhooks/{id}', tag: 'Webhooks', scope: 'webhooks:manage', summary: 'Change URL, events, description; enable or disable', description: 'Enabling again clears an automatic disable and starts a fresh failure window.', ...item, body: webhookEndpointPatch, success: { status: 200, description: 'The endpoint as stored', schema: webhookEndpointJson } },
  { method: 'DELETE', path: '/api/v1/webhooks/{id}', tag: 'Webhooks', scope: 'webhooks:manage', ...noBody, summary: 'Delete a webhook endpoint and its delivery log', ...item, success: { status: 204, description: 'Deleted', schema: null } },
  {
    method: 'GET', path: '/api/v1/webhooks/{id}/deliveries', tag: 'Webhooks', scope: 'webhooks:manage', summary: 'The endpoint\'s delivery log, newest first (keyset pages)',
    description: 'Each delivery with its latest attempts: HTTP status, the first 1,000 characters of the answer, time and duration. Filter by status.',
    ...item, query: endpointDeliveryQuery, success: { status: 200, description: 'A page', schema: webhookDeliveryPageJson },
  },
  {
    method: 'POST', path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', tag: 'Webhooks', scope: 'webhooks:manage', ...noBody, summary: 'Send one delivery again now',
    description: 'Same webhook-id (receivers can drop duplicates) and a fresh retry window; the attempt is made within seconds. A delivery of another endpoint is a 404.',
    params: webhookDeliveryParams, errors: [409], success: { status: 202, description: 'Accepted: the delivery is due', schema: webhookResentJson },
  },
  {
    method: 'POST', path: '/api/v1/webhooks/{id}/rotate', tag: 'Webhooks', scope: 'webhooks:manage', ...noBody, summary: 'Rotate the signing secret',
    description: 'The answer carries the new secret once. The previous secret keeps signing beside it (a second signature in webhook-signature) until previousSecretExpiresAt, so receivers can switch without losing a message.',
    ...item, errors: [409], success: { status: 200, description: 'The new secret and the end of the overlap', schema: webhookRotatedJson },
  },
  {
    method: 'POST', path: '/api/v1/webhooks/{id}/test', tag: 'Webhooks', scope: 'webhooks:manage', ...noBody, summary: 'Send a webhook.test event to this endpoint',
    description: 'Delivered like any other event (signed, retried, logged); the endpoint must be enabled.',
    ...item, errors: [409], success: { status: 202, description: 'Accepted: the test delivery', schema: webhookTestJson },
  },
];

/** The error statuses an operation documents, ascending. */
export function errorStatuses(op: ApiOperation): number[] {
  const s = new Set(op.errors ?? []);
  if (op.scope) [401, 403, 423].forEach((x) => s.add(x));
  if (op.params) s.add(404);
  if (op.query) s.add(422);
  if (op.body) [400, 422].forEach((x) => s.add(x));
  if (op.noBody) s.add(400);
  return [...s].sort((a, b) => a - b);
}

/** JSON Schema (2020-12, which OpenAPI 3.1 uses) of a zod schema, without the $schema line. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: z.ZodObject, where: 'path' | 'query') {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const { description, ...s } = jsonSchema(f, 'input');
    return { name, in: where, required: where === 'path' || !f.safeParse(undefined).success, ...(description ? { description } : {}), schema: s };
  });
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const responses: Record<string, unknown> = {
      [op.success.status]: op.success.schema ? { description: op.success.description, content: json(jsonSchema(op.success.schema, 'output')) } : { description: op.success.description },
    };
    for (const status of errorStatuses(op)) {
      const description = status === 400 && op.noBody ? NO_BODY_400 : (ERROR_STATUS[status] ?? 'Error');
      responses[status] = { description, content: json(jsonSchema(apiErrorSchema, 'output')) };
    }
    const params = [...(op.params ? parameters(op.params, 'path') : []), ...(op.query ? parameters(op.query, 'query') : [])];
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: `${op.method.toLowerCase()}${op.path.replace('/api/v1', '').replace(/\{(\w+)\}/g, 'By-$1').split(/[/.-]/).map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : '')).join('')}`,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      ...(op.scope ? { 'x-scope': op.scope } : { security: [] }),
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: json(jsonSchema(op.body, 'input')) } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rundbrief REST API',
      version: '1',
      description: 'Create an API key under Settings → API keys and send it as "Authorization: Bearer rb_...". Each key has scopes (x-scope per operation); every id belongs to the key\'s account, another account\'s id is a 404. Operations without a request body (every DELETE; send, pause, resume, cancel; webhook test, rotate, resend) accept no body or an empty JSON object {} and answer any other body with 400 BAD_REQUEST.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [{ name: 'Lists' }, { name: 'Subscribers' }, { name: 'Campaigns' }, { name: 'Webhooks' }, { name: 'Meta' }],
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (rb_...)' } } },
    paths,
  };
}
export type OpenApiDocument = ReturnType<typeof openApiDocument>;

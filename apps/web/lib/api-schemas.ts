// The zod schemas of the REST API (/api/v1/**) that are not core's own input schemas: the
// bodies/queries the route files add at the edge, and every response shape. The routes parse
// with the request schemas; the OpenAPI document (openapi.ts) is generated from all of them
// with z.toJSONSchema, and the contract test (test/openapi.int.test.ts) parses every real
// response with the response schema of its status. Responses describe the JSON on the wire
// (dates as ISO strings).
import { z } from 'zod';
import { CampaignStatus } from '@rundbrief/db';
import { campaignUpdateInput } from '@rundbrief/core/authoring/index';
import { subscriberFilterSchema } from '@rundbrief/core';
import { segmentSchema } from '@rundbrief/core/campaigns/audience';
import { WEBHOOK_EVENT_TYPES } from '@rundbrief/core/webhooks/events';
import { API_ATTEMPTS_SHOWN } from '@rundbrief/core/webhooks/endpoints';
import { AB_DIFFERS, AB_METRICS } from '@rundbrief/core/campaigns/ab-rules';

// ---- requests (parsed by the route handlers) ----

/** POST /api/v1/campaigns: a name (and optionally a template), plus any draft field. */
export const campaignCreateBody = campaignUpdateInput.extend({ name: z.string().trim().min(1).max(200), templateId: z.uuid().optional() });

/** GET /api/v1/subscribers: the filter, plus the keyset page. */
export const subscriberListQuery = subscriberFilterSchema.extend({
  /** The previous page's nextCursor. */
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** POST /api/v1/subscribers. */
export const subscriberCreateBody = z.object({
  email: z.string().min(3).max(320),
  listIds: z.array(z.uuid()).min(1).max(20),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  /** Consent proof of the original request, when the integrator relays a signup. */
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(500).optional(),
});

/** The `{id}` path segment of every item route (a malformed id answers 404 like an unknown one). */
export const idParams = z.object({ id: z.uuid() });

// ---- responses ----

const when = z.iso.datetime({ offset: true });
const optInMode = z.enum(['DOUBLE', 'CONFIRMED', 'SINGLE']);
const subscriberStatus = z.enum(['ACTIVE', 'UNSUBSCRIBED', 'BOUNCED', 'COMPLAINED', 'BLOCKED']);
const campaignStatus = z.enum(CampaignStatus);

/** Every failure: 4xx (500 only for bugs). `fields` names the invalid fields of a 422 VALIDATION. */
export const apiErrorSchema = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: 'UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION, POLICY, CONFLICT, PRECONDITION, RATE_LIMITED, SUSPENDED, BAD_REQUEST, ...' }),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'Field path -> messages, e.g. { "email": ["Invalid email address"] }' }),
  }),
});

export const listJson = z.strictObject({
  id: z.uuid(), name: z.string(), description: z.string().nullable(), optInMode,
  language: z.enum(['en', 'de']).meta({ description: 'What the list\'s hosted pages and built-in mails speak' }),
  formId: z.string().meta({ description: 'The public id of the list\'s signup form (/f/{formId})' }), createdAt: when,
});
export const listsJson = z.strictObject({
  lists: z.array(listJson.extend({ confirmed: z.int().min(0), pending: z.int().min(0), unsubscribed: z.int().min(0) })),
});

const subscriberCore = {
  id: z.uuid(), email: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()), status: subscriberStatus,
};
export const subscriberPageJson = z.strictObject({
  items: z.array(z.strictObject({
    id: z.uuid(), email: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), status: subscriberStatus,
    lastActivityAt: when.nullable(), createdAt: when,
  })),
  nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last page' }),
});
export const subscriberJson = z.strictObject({
  ...subscriberCore, lastActivityAt: when.nullable(), createdAt: when,
  subscriptions: z.array(z.strictObject({
    listId: z.uuid(), list: z.string(), status: z.enum(['PENDING', 'CONFIRMED', 'UNSUBSCRIBED']), source: z.string(),
    requestedAt: when.nullable(), requestIp: z.string().nullable(), confirmedAt: when.nullable(), confirmIp: z.string().nullable(), unsubscribedAt: when.nullable(),
  })).meta({ description: 'One per list, with the consent proof' }),
});
export const subscriberPatchedJson = z.strictObject(subscriberCore);
export const subscribedJson = z.strictObject({
  subscriptions: z.array(z.strictObject({
    listId: z.uuid(), subscriberId: z.uuid(), subscriptionId: z.uuid(),
    status: z.enum(['PENDING', 'CONFIRMED']), mailed: z.boolean().meta({ description: 'Whether a confirmation / notice mail was queued' }),
  })),
});

export const campaignJsonSchema = z.strictObject({
  id: z.uuid(), name: z.string(), status: campaignStatus, subject: z.string(), preheader: z.string().nullable(), identityId: z.uuid().nullable(),
  listIds: z.array(z.uuid()), segment: segmentSchema.nullable(), mjml: z.string(), textOverride: z.string().nullable(), trackOpens: z.boolean(),
  trackClicks: z.boolean(), reengagement: z.boolean(), scheduledAt: when.nullable(), timezone: z.string().nullable(),
  recipientCount: z.int().min(0), sentCount: z.int().min(0), createdAt: when, updatedAt: when,
  abTest: z.strictObject({
    differs: z.array(z.enum(AB_DIFFERS)), testPercent: z.int(), metric: z.enum(AB_METRICS), waitMinutes: z.int(),
    variants: z.array(z.strictObject({ id: z.uuid(), label: z.string(), subject: z.string().nullable(), preheader: z.string().nullable(), mjml: z.string().nullable() })),
    winnerVariantId: z.uuid().nullable(), winnerChosenBy: z.enum(['AUTO', 'MANUAL']).nullable(), winnerChosenAt: when.nullable(), winnerDueAt: when.nullable(),
  }).nullable().meta({ description: 'A/B test: 2-4 variants (A-D), null when the campaign has none' }),
});
export const campaignPageJson = z.strictObject({
  data: z.array(z.strictObject({
    id: z.uuid(), name: z.string(), subject: z.string(), status: campaignStatus, scheduledAt: when.nullable(), timezone: z.string().nullable(),
    recipientCount: z.int().min(0), sentCount: z.int().min(0), updatedAt: when, createdAt: when,
  })),
  total: z.int().min(0), page: z.int().min(1), pageSize: z.int().min(1),
});
export const checklistJson = z.strictObject({
  sendable: z.boolean(),
  items: z.array(z.strictObject({ id: z.string(), ok: z.boolean(), severity: z.enum(['block', 'warn']), message: z.string(), fix: z.string().optional() })),
  issues: z.array(z.strictObject({ line: z.int().nullable(), message: z.string(), tagName: z.string().optional() })).meta({ description: 'Template compile errors' }),
});
export const scheduledJson = z.strictObject({ scheduledAt: when, timezone: z.string() });
export const testSentJson = z.strictObject({ sent: z.int().min(0).meta({ description: 'Distinct addresses a test mail was queued for' }) });
export const progressJson = z.strictObject({
  status: campaignStatus, pauseReason: z.string().nullable(), dailyLimit: z.string().nullable(), recipientCount: z.int().min(0),
  sent: z.int().min(0), deferred: z.int().min(0), bounced: z.int().min(0), failed: z.int().min(0), skipped: z.int().min(0), ambiguous: z.int().min(0),
  remaining: z.int().min(0), percent: z.number().min(0).max(100), startedAt: when.nullable(), finishedAt: when.nullable(), at: when,
});

// ---- webhooks ----

const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export const webhookEndpointJson = z.strictObject({
  id: z.uuid(), url: z.string(), description: z.string().nullable(), events: z.array(webhookEventType), enabled: z.boolean(),
  disabledAt: when.nullable(), disabledReason: z.string().nullable().meta({ description: 'Set when the endpoint was disabled automatically after failing for a day' }),
  failingSince: when.nullable().meta({ description: 'First failed attempt since the last success' }),
  previousSecretExpiresAt: when.nullable().meta({ description: 'After a rotation: until then the previous secret signs too' }),
  createdAt: when, updatedAt: when,
});
export const webhookEndpointsJson = z.strictObject({ data: z.array(webhookEndpointJson) });
export const webhookCreatedJson = webhookEndpointJson.extend({
  secret: z.string().meta({ description: 'The signing secret (whsec_...), returned only here: store it now' }),
});

/** The `{id}/deliveries/{deliveryId}` path segments: the endpoint and one of its deliveries. */
export const webhookDeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });

const deliveryStatus = z.enum(['PENDING', 'SUCCEEDED', 'FAILED']);
export const webhookDeliveryPageJson = z.strictObject({
  items: z.array(z.strictObject({
    id: z.uuid().meta({ description: 'The delivery id: the webhook-id header, the same on every retry and resend' }),
    eventId: z.uuid(), type: z.string().meta({ description: 'The event type, or webhook.test' }), endpointId: z.uuid(), url: z.string(),
    status: deliveryStatus, attempts: z.int().min(0).meta({ description: 'How many attempts were made in all' }),
    nextAttemptAt: when.nullable().meta({ description: 'When the next attempt is due (PENDING only)' }), lastAttemptAt: when.nullable(),
    responseStatus: z.int().nullable().meta({ description: 'The last attempt\'s HTTP status' }),
    responseBody: z.string().nullable().meta({ description: 'The first 1,000 characters of the last answer' }),
    durationMs: z.int().nullable(), error: z.string().nullable(), createdAt: when,
    attemptLog: z.array(z.strictObject({
      attempt: z.int().min(1), responseStatus: z.int().nullable(), responseBody: z.string().nullable().meta({ description: 'The first 1,000 characters of the answer' }),
      durationMs: z.int().min(0), error: z.string().nullable().meta({ description: 'Why the attempt failed (HTTP status, timeout, refused address); null on a 2xx' }), at: when,
    })).meta({ description: `The latest ${API_ATTEMPTS_SHOWN} attempts, newest first` }),
  })),
  nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last page' }),
});
export const webhookResentJson = z.strictObject({ deliveryId: z.uuid().meta({ description: 'The delivery, due again now with a fresh retry window' }) });
export const webhookTestJson = z.strictObject({ deliveryId: z.uuid().meta({ description: 'The webhook.test delivery; follow it in the endpoint\'s deliveries' }) });
export const webhookRotatedJson = z.strictObject({
  id: z.uuid(),
  secret: z.string().meta({ description: 'The new signing secret (whsec_...), returned only here: store it now' }),
  previousSecretExpiresAt: when.meta({ description: 'Until then the previous secret signs beside the new one' }),
});

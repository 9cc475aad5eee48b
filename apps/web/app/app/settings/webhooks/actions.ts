'use server';

import { revalidatePath } from 'next/cache';
import {
  createWebhookEndpoint, deleteWebhookEndpoint, resendWebhookDelivery, rotateWebhookSecret, sendTestWebhook, updateWebhookEndpoint,
} from '@rundbrief/core/webhooks/endpoints';
import { requireCtx } from '@/lib/session';
import { runAction, expectArgs, type ActionResult } from '@/lib/actions';

const PAGE = '/app/settings/webhooks';

export async function createWebhookAction(_: unknown, form: FormData): Promise<ActionResult<{ secret: string; url: string }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    const { endpoint, secret } = await createWebhookEndpoint(ctx, {
      url: String(form.get('url') ?? ''),
      description: String(form.get('description') ?? '').trim() || null,
      events: form.getAll('events').map(String) as never,
      enabled: form.get('enabled') === 'on',
    });
    revalidatePath(PAGE);
    // The secret leaves the server exactly once, in this response.
    return { secret, url: endpoint.url };
  });
}

export async function updateWebhookAction(_: unknown, form: FormData): Promise<ActionResult<{ url: string }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    const endpoint = await updateWebhookEndpoint(ctx, String(form.get('endpointId') ?? ''), {
      url: String(form.get('url') ?? ''),
      description: String(form.get('description') ?? '').trim() || null,
      events: form.getAll('events').map(String) as never,
    });
    revalidatePath(PAGE);
    return { url: endpoint.url };
  });
}

export async function enableWebhookAction(endpointId: string): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({}, { endpointId });
    await updateWebhookEndpoint(await requireCtx('ADMIN'), endpointId, { enabled: true });
    revalidatePath(PAGE);
    return undefined;
  });
}

export async function disableWebhookAction(endpointId: string): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({}, { endpointId });
    await updateWebhookEndpoint(await requireCtx('ADMIN'), endpointId, { enabled: false });
    revalidatePath(PAGE);
    return undefined;
  });
}

export async function rotateWebhookSecretAction(endpointId: string): Promise<ActionResult<{ secret: string; previousValidUntil: string }>> {
  return runAction(async () => {
    expectArgs({}, { endpointId });
    const r = await rotateWebhookSecret(await requireCtx('ADMIN'), endpointId);
    revalidatePath(PAGE);
    return { secret: r.secret, previousValidUntil: r.previousSecretExpiresAt.toISOString() };
  });
}

export async function deleteWebhookAction(endpointId: string): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({}, { endpointId });
    await deleteWebhookEndpoint(await requireCtx('ADMIN'), endpointId);
    revalidatePath(PAGE);
    return undefined;
  });
}

export async function sendTestWebhookAction(endpointId: string): Promise<ActionResult<{ deliveryId: string }>> {
  return runAction(async () => {
    expectArgs({}, { endpointId });
    const r = await sendTestWebhook(await requireCtx('ADMIN'), endpointId);
    revalidatePath(PAGE);
    return r;
  });
}

export async function resendWebhookDeliveryAction(deliveryId: string): Promise<ActionResult<{ deliveryId: string }>> {
  return runAction(async () => {
    expectArgs({}, { deliveryId });
    const r = await resendWebhookDelivery(await requireCtx('ADMIN'), deliveryId);
    revalidatePath(PAGE);
    return r;
  });
}

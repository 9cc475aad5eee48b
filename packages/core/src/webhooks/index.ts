export * from './events.ts';
export * from './endpoints.ts';
export * from './signing.ts';
export * from './settings.ts';
export { forbiddenAddress, guardedPost, resolveChecked, AddressRefused } from './address-guard.ts';
export { deliverWebhook, webhookBody, type DeliveryOutcome } from './deliver.ts';

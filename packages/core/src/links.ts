// Public links carried in mail. Every token is HMAC-signed and scoped to one purpose, so
// a token for one message cannot unsubscribe or track anyone else.
import { z } from 'zod';
import { coreEnv } from './env.ts';
import { signPayload, signToken, tokenPayload, verifyToken } from './crypto.ts';

export const bounceDomainSchema = z.string().min(3).default('bounces.rundbrief.localhost');

/** The envelope/return-path domain that the inbound SMTP server accepts mail for. */
let parsedBounceDomain: string | undefined;
export function bounceDomain(): string {
  // Read and parsed once per process, like coreEnv(): every campaign mail needs it, and
  // reading process.env is a call into the C++ environment each time.
  parsedBounceDomain ??= bounceDomainSchema.parse(process.env.BOUNCE_DOMAIN);
  return parsedBounceDomain;
}

/** The feedback-loop address registered with mailbox providers (FBL_ADDRESS). */
export const fblAddress = () => (process.env.FBL_ADDRESS || `fbl@${bounceDomain()}`).toLowerCase();

let lastBase = { url: '', base: '' };
/** APP_URL without a trailing slash (worked out once per value: a campaign mail uses it four times). */
const base = () => {
  const url = coreEnv().APP_URL;
  if (lastBase.url !== url) lastBase = { url, base: url.replace(/\/$/, '') };
  return lastBase.base;
};

/** Message-scoped tokens: `m` = Message.id (campaign mail) */
export type MessageToken = { m: string };

/**
 * The payload `{ m: messageId }` of a message's tokens (unsubscribe, open, click), made once
 * per message rather than once per token: the last one is remembered.
 */
let lastMessagePayload = { id: '', payload: '' };
function messagePayload(messageId: string): string {
  if (lastMessagePayload.id !== messageId) lastMessagePayload = { id: messageId, payload: tokenPayload({ m: messageId }) };
  return lastMessagePayload.payload;
}

export const unsubscribeToken = (messageId: string) => signPayload('unsub', messagePayload(messageId));
export const readUnsubscribeToken = (t: string) => verifyToken<MessageToken>('unsub', t);

/** Two-click page (GET shows a confirm button) and RFC 8058 one-click target (POST). */
export const unsubscribeUrl = (messageId: string, token = unsubscribeToken(messageId)) => `${base()}/u/${token}`;
/** mailto variant of List-Unsubscribe, handled by the inbound SMTP server. */
export const unsubscribeMailto = (messageId: string, token = unsubscribeToken(messageId)) =>
  `mailto:unsubscribe+${token}@${bounceDomain()}?subject=unsubscribe`;

/**
 * Unsubscribe link of a list mail that has no Message row (the welcome mail): names the
 * subscription, so the same page and RFC 8058 one-click POST (/u/<token>) work for it.
 */
export const subscriptionUnsubscribeUrl = (subscriptionId: string) => `${base()}/u/${signToken('unsub-sub', { s: subscriptionId })}`;
export const readSubscriptionUnsubscribeToken = (t: string) => verifyToken<{ s: string }>('unsub-sub', t);

/**
 * Preference links carry their issue time (`t`, seconds) and work for this many days after
 * the mail that carried it: a forwarded or leaked mail does not open someone's data page
 * for ever. An expired link still proves whose it was, so it can ask for a fresh one by mail.
 */
export const PREFERENCES_LINK_DAYS = 30;
export type PreferencesToken = { s: string; t?: number };
export const preferencesToken = (subscriberId: string, issuedAt = Date.now()) => signToken('prefs', { s: subscriberId, t: Math.floor(issuedAt / 1000) });
export const readPreferencesToken = (t: string) => verifyToken<PreferencesToken>('prefs', t);
/** Subscriber data page (GDPR: view, download, erase; lists; pause). */
export const preferencesUrl = (subscriberId: string, issuedAt?: number) => `${base()}/p/${preferencesToken(subscriberId, issuedAt)}`;

/** Erasure confirmation, mailed to the subscriber's own address: valid for this many hours. */
export const ERASURE_LINK_HOURS = 24;
export const erasureToken = (subscriberId: string, issuedAt = Date.now()) => signToken('erase', { s: subscriberId, t: Math.floor(issuedAt / 1000) });
export const readErasureToken = (t: string) => verifyToken<PreferencesToken>('erase', t);
export const erasureUrl = (subscriberId: string, issuedAt?: number) => `${base()}/erase/${erasureToken(subscriberId, issuedAt)}`;

export const openPixelUrl = (messageId: string) => `${base()}/t/o/${signPayload('open', messagePayload(messageId))}.gif`;
export const readOpenToken = (t: string) => verifyToken<MessageToken>('open', t.replace(/\.gif$/, ''));
/**
 * Click redirects: `<message token>.<link index>`, the index being a TrackedLink.index of
 * the message's campaign (the target is always that campaign's own URL, never a free one).
 * Only the message part is signed, once per message instead of once per link: whoever
 * holds one of a mail's links may reach the others of the same mail by changing the
 * index, which are in that mail anyway.
 */
export function clickUrls(messageId: string): (linkIndex: number) => string {
  const prefix = `${base()}/t/c/${signPayload('click-m', messagePayload(messageId))}.`;
  return (linkIndex: number) => `${prefix}${linkIndex}`;
}
export const clickUrl = (messageId: string, linkIndex: number) => clickUrls(messageId)(linkIndex);

export function readClickToken(t: string): { m: string; l: number } | null {
  const parts = t.split('.');
  if (parts.length === 3) {
    if (!/^\d{1,6}$/.test(parts[2]!)) return null;
    const claim = verifyToken<{ m: string }>('click-m', `${parts[0]}.${parts[1]}`);
    return claim ? { m: claim.m, l: Number(parts[2]) } : null;
  }
  // links in mail sent before: one signed token per link
  return verifyToken<{ m: string; l: number }>('click', t);
}

/** Double opt-in link: the token itself is random and stored hashed on the Subscription. */
export const confirmUrl = (rawToken: string) => `${base()}/confirm/${rawToken}`;

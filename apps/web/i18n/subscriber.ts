// The language of a subscriber's own pages (data, preferences, erasure): their lists'
// (core subscriberLocale), found through the signed token; undefined when the token names
// no one (the page then speaks the visitor's language).
import { subscriberByErasureToken, subscriberByPreferencesToken } from '@rundbrief/core';
import { subscriberLocale } from '@rundbrief/core/i18n/user-locale';
import type { Locale } from '@rundbrief/core/i18n/locales';

export async function preferencesLocale(token: string): Promise<Locale | undefined> {
  try {
    const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
    return await subscriberLocale(tenantId, subscriberId);
  } catch {
    return undefined;
  }
}

export async function erasureLocale(token: string): Promise<Locale | undefined> {
  try {
    const { tenantId, subscriberId } = await subscriberByErasureToken(token);
    return await subscriberLocale(tenantId, subscriberId);
  } catch {
    return undefined;
  }
}

// The client address of a web request, with the operator's trusted proxies applied. The
// proxies are a platform setting (one operator runs the reverse proxy for every tenant),
// so no tenant can switch X-Forwarded-For on and spoof its way past an IP allowlist.
import { platformSettings } from '../platform/settings.ts';
import { resolveClientIp, type RequestOrigin } from './ip-allowlist.ts';

export async function clientIpOf(origin: RequestOrigin): Promise<string | null> {
  return resolveClientIp(origin, (await platformSettings()).trustedProxies);
}

// The signed-in platform operator as the actor the core's operator use cases take (and
// re-check): pages and actions under /admin and /dev pass it to every read and write.
import { headers } from 'next/headers';
import type { OperatorActor } from '@rundbrief/core/platform/operator';
import { clientIp } from '@/lib/client-ip';
import { requireOperator } from '@/lib/session';

/** requireOperator as an OperatorActor (redirects or 403s like requireOperator). */
export async function requireOperatorActor(): Promise<OperatorActor> {
  const operator = await requireOperator();
  return { userId: operator.userId, email: operator.email, ip: await clientIp(await headers()) };
}

import { coreEnv } from '@rundbrief/core';
import { checkHealth } from '../../../lib/health.ts';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { status, body } = await checkHealth(coreEnv().REDIS_URL);
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

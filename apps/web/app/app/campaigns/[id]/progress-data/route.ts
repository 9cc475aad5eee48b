// GET /app/campaigns/:id/progress-data: the live numbers the progress panel polls every 2 s.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { DomainError, httpStatusFor } from '@rundbrief/core';
import { getCampaignProgress } from '@rundbrief/core/sending/control';
import { requireMember } from '@/lib/session';

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { tenantId } = await requireMember('VIEWER');
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return NextResponse.json({ error: { code: 'NOT_FOUND', message: 'Campaign not found' } }, { status: 404 });
  try {
    return NextResponse.json(await getCampaignProgress({ tenantId }, id.data), { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    if (err instanceof DomainError) return NextResponse.json({ error: { code: err.code, message: err.message } }, { status: httpStatusFor(err) });
    throw err;
  }
}

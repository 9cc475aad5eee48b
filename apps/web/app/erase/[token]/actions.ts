'use server';
import { confirmErasure } from '@rundbrief/core';
import { runAction, type ActionResult } from '@/lib/actions';

export async function confirmEraseAction(token: string, _: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    await confirmErasure(token);
    return null;
  });
}

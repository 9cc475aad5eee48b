'use server';
import { confirmErasure } from '@rundbrief/core';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

export async function confirmEraseAction(token: string, _: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({  }, { token });
    await confirmErasure(token);
    return null;
  });
}

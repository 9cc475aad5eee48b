// Server-action result types, importable from client components (no server imports here).
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: string; fieldErrors: Record<string, string[]> };

/** Initial state for useActionState. */
export const idle: ActionResult<never> = { ok: false, error: '', fieldErrors: {} };

// Entry of a classification thread (pool.ts). The sources are TypeScript and the worker runs
// them through tsx (`node --import tsx`, scripts/lib/stack.mjs); a worker thread does not
// apply the parent's --import hooks to its own entry, and under vitest there is no tsx at
// all, so the thread loads its handler through tsx's scoped import in every case.
import { tsImport } from 'tsx/esm/api';

await tsImport('./classify-thread.ts', import.meta.url);

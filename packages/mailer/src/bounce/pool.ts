// classifyBounce in a pool of worker threads, each message under a time budget. The parsers
// are linear and capped, but a budget is the guarantee that no mail, however it was built,
// holds an inbound job (and the job's lock, and the next worker it is handed to) for long:
// a thread that exceeds it is terminated and replaced, and the message is failed for good.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BounceResult } from './classify.ts';

export interface ClassifyPoolOptions {
  threads: number;
  /** Wall-clock budget of one classification, from the moment a ready thread receives it. */
  budgetMs: number;
  /** Thread entry; tests pass one that can be made to spin. */
  entry?: URL;
}

/** The message cannot be classified (budget exceeded, parser error, thread out of memory): retrying cannot help. */
export class ClassificationFailed extends Error {
  constructor(readonly reason: 'budget' | 'error' | 'crashed', message: string) {
    super(message);
    this.name = 'ClassificationFailed';
  }
}

export interface ClassifyPool {
  classify(raw: Uint8Array): Promise<BounceResult>;
  /** Resolves when every thread has loaded, rejects when one cannot (benchmarks, start-up log; classify() need not wait). */
  ready(): Promise<void>;
  /** Terminates the threads; queued and running classifications reject (retryable: not a verdict on the mail). */
  close(): Promise<void>;
}

type Task = { raw: Uint8Array; resolve: (r: BounceResult) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; ready: boolean; retiring: boolean; task: Task | null; timer: NodeJS.Timeout | null };
type Reply = { ready: true } | { ok: true; result: BounceResult } | { ok: false; error: string };

// Joined by hand, not `new URL('./…', import.meta.url)`: bundlers (next build) treat that form
// as a worker chunk to compile, and the web app can reach this module through core.
const DEFAULT_ENTRY = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'classify-thread.mjs'));
// A parsed 2 MB message needs a few tens of MB; a thread that wants far more is failing anyway.
const THREAD_HEAP_MB = 256;

export function createClassifyPool(opts: ClassifyPoolOptions): ClassifyPool {
  const entry = opts.entry ?? DEFAULT_ENTRY;
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  let closed = false;
  const readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const allReady = () => slots.size === opts.threads && [...slots].every((s) => s.ready);
  const settleReady = (startFailed?: Error) => {
    if (!startFailed && !closed && !allReady()) return;
    for (const w of readyWaiters.splice(0)) {
      if (startFailed) w.reject(startFailed);
      else w.resolve();
    }
  };

  const finish = (slot: Slot, outcome: { result: BounceResult } | { error: Error }) => {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    if (!task) return;
    if ('result' in outcome) task.resolve(outcome.result);
    else task.reject(outcome.error);
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.retiring || slot.task || queue.length === 0) continue;
      const task = queue.shift()!;
      slot.task = task;
      slot.timer = setTimeout(() => {
        finish(slot, { error: new ClassificationFailed('budget', `classification took longer than ${opts.budgetMs} ms`) });
        slot.retiring = true; // nothing more is sent to it; 'exit' replaces it
        void slot.worker.terminate();
      }, opts.budgetMs);
      slot.worker.postMessage(task.raw);
    }
  };

  const spawn = () => {
    const worker = new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
    // Idle threads do not keep a process alive; a running task's budget timer does.
    worker.unref();
    const slot: Slot = { worker, ready: false, retiring: false, task: null, timer: null };
    slots.add(slot);
    let lastError: Error | null = null;
    worker.on('message', (msg: Reply) => {
      if ('ready' in msg) {
        slot.ready = true;
        settleReady();
      } else if (msg.ok) {
        finish(slot, { result: msg.result });
      } else {
        finish(slot, { error: new ClassificationFailed('error', `classification failed: ${msg.error}`) });
      }
      dispatch();
    });
    worker.on('error', (err) => {
      lastError = err;
      finish(slot, { error: new ClassificationFailed('crashed', `classification thread crashed: ${err.message}`) });
    });
    worker.on('exit', () => {
      slots.delete(slot);
      finish(slot, { error: new Error('classification thread exited') });
      if (closed) return;
      if (!slot.ready) {
        // The entry itself does not load: no mail is to blame, so the queue fails retryably
        // (unless another thread serves it) and the next classify() starts threads again.
        const err = new Error(`classification thread did not start: ${lastError?.message ?? 'exited'}`);
        settleReady(err);
        if (![...slots].some((s) => s.ready)) for (const t of queue.splice(0)) t.reject(err);
        return;
      }
      spawn();
      dispatch();
    });
  };

  // Started at once: a thread loads for a second or more, which the first mail should not wait for.
  while (slots.size < opts.threads) spawn();

  return {
    classify(raw) {
      if (closed) return Promise.reject(new Error('classification pool is closed'));
      return new Promise<BounceResult>((resolve, reject) => {
        queue.push({ raw, resolve, reject });
        while (slots.size < opts.threads) spawn();
        dispatch();
      });
    },
    ready() {
      return closed || allReady() ? Promise.resolve() : new Promise<void>((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    async close() {
      closed = true;
      settleReady();
      for (const t of queue.splice(0)) t.reject(new Error('classification pool is closed'));
      const exits = [...slots].map((s) => new Promise<void>((r) => {
        s.worker.once('exit', () => r());
        void s.worker.terminate();
      }));
      await Promise.all(exits);
    },
  };
}

// One classification thread: receives raw messages, answers each with its BounceResult.
// The pool owns the budget and terminates this thread when it is exceeded.
import { parentPort } from 'node:worker_threads';
import { classifyBounce } from './classify.ts';

const port = parentPort!;
port.on('message', (raw: Uint8Array) => {
  try {
    port.postMessage({ ok: true, result: classifyBounce(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)) });
  } catch (err) {
    port.postMessage({ ok: false, error: String((err as Error)?.message ?? err).slice(0, 300) });
  }
});
port.postMessage({ ready: true });

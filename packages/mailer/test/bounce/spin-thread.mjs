// A classification thread for tests of the time budget: a message that carries the header
// "X-Test-Spin: forever" keeps it busy for good (as a parser gone quadratic would); any other
// message is classified by the real thread handler, which is loaded behind this listener.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

parentPort.on('message', (raw) => {
  if (Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).includes('X-Test-Spin: forever')) for (;;);
});
await tsImport('../../src/bounce/classify-thread.ts', import.meta.url);

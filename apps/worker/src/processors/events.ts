// Tracking events batch writer: every couple of seconds, drain the Redis buffer that the
// open pixel and click redirect fill (core tracking/record.ts) into Postgres in batches.
import { flushTrackingEvents } from '@rundbrief/core';
import { catalogueJob } from '../registry.ts';

/** Batches per job run: bounded so one run never holds the queue for long. */
const MAX_BATCHES = 20;
const BATCH = 5_000;

export const flushEventsJob = catalogueJob('flushTracking', async (_data, ctx) => {
  let written = 0;
  let read = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const r = await flushTrackingEvents({ max: BATCH });
    read += r.read;
    written += r.written;
    // Another worker holds the flush lock, or the buffer is drained.
    if (r.busy || r.read < BATCH) break;
  }
  if (read > 0) ctx.log('tracking events flushed', { read, written });
  return { read, written };
});

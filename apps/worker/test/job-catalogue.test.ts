import { describe, expect, it } from 'vitest';
import { JOBS } from '@rundbrief/core';
import { findJob } from '../src/registry.ts';

describe('job catalogue', () => {
  it('every job a producer can enqueue has a processor in the worker, with the same payload schema', () => {
    for (const [key, job] of Object.entries(JOBS)) {
      const def = findJob(job.queue, job.name);
      expect(def, `${key} (${job.queue}/${job.name})`).toBeDefined();
      // System mail is routed by queue ('*'); every other job is found by its own name.
      if (def!.name !== '*') expect(def!.name).toBe(job.name);
      expect(def!.schema, key).toBe(job.schema);
    }
  });
});

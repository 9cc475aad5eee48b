import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOBS, jobSchedules } from '@rundbrief/core';
import { findJob, jobs } from '../src/registry.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'generated', '.next', 'test', 'dist'].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(e.name) && !/\.test\.|\.spec\./.test(e.name)) out.push(p);
  }
  return out;
}

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

  it('every job the worker handles is a job of the catalogue (same queue, name and schema)', () => {
    const catalogue = Object.values(JOBS);
    for (const def of jobs) {
      const entry = def.name === '*'
        ? catalogue.find((j) => j.queue === def.queue && 'anyName' in j && j.anyName)
        : catalogue.find((j) => j.queue === def.queue && j.name === def.name);
      expect(entry, `worker processor ${def.queue}/${def.name} is not in JOBS`).toBeDefined();
      expect(def.schema, `${def.queue}/${def.name}`).toBe(entry!.schema);
    }
  });

  it('schedules: one per repeating job, unique ids, a sane period', () => {
    const s = jobSchedules();
    expect(s.length).toBeGreaterThan(10);
    expect(new Set(s.map((x) => `${x.queue}/${x.id}`)).size).toBe(s.length);
    for (const x of s) {
      expect(Number.isInteger(x.every) && x.every >= 1000, `${x.id} every ${x.every}`).toBe(true);
      expect(findJob(x.queue, x.name)?.name, `${x.id} has a processor`).toBe(x.name);
    }
  });

  it('no schedule is made outside the catalogue: upsertJobScheduler / repeat options only in core jobs/queue.ts', () => {
    const allowed = path.join(ROOT, 'packages/core/src/jobs/queue.ts');
    const files = [...['apps', 'packages'].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).map((w) => path.join(ROOT, d, w, 'src'))), path.join(ROOT, 'scripts')]
      .filter((d) => fs.existsSync(d))
      .flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    const offenders: string[] = [];
    for (const f of files) {
      if (f === allowed) continue;
      const src = fs.readFileSync(f, 'utf8');
      if (/upsertJobScheduler|\brepeat\s*:|\.add\([^)]*\brepeat\b|getRepeatableJobs|removeRepeatable/.test(src)) offenders.push(path.relative(ROOT, f));
    }
    expect(offenders, 'schedules belong in JOBS (packages/core/src/jobs/definitions.ts), made by ensureJobSchedules').toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function runWorker(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, output });
    });
  });
}

describe('worker start-up', () => {
  it('exits non-zero naming Redis when Redis is unreachable', async () => {
    const r = await runWorker({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/Redis is unreachable/);
  });

  it('exits non-zero naming Postgres when Postgres is unreachable', async () => {
    const r = await runWorker({ DATABASE_URL: 'postgresql://root@127.0.0.1:1/rundbrief' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/Postgres is unreachable/);
  });

  it('exits non-zero with a readable message for a malformed setting', async () => {
    const r = await runWorker({ REDIS_URL: 'localhost:6379' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/REDIS_URL must start with redis:\/\//);
  });
});

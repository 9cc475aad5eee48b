// The shortened `npm run chaos`: 1,000 recipients through the faulty sink (421s, connections
// dropped in the middle of DATA, stalls past the client timeout) while a sending worker is
// SIGKILLed three times and replaced. Nothing may be lost, and nothing may reach the sink
// twice unless the campaign lists it as ambiguous. scripts/chaos.ts does the work (real
// Postgres, Redis, worker processes, SMTP); this file runs it with its own queue prefix.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

type ChaosResult = {
  finished: boolean; sent: number; ambiguous: string[]; duplicatesDelivered: number; lost: number;
  faults: string[]; sinkFaultsInjected: { reject421: number; drop: number; stallData: number; stallMail: number };
};

function runChaos(args: string[]): Promise<{ code: number | null; result: ChaosResult | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts', ...args], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      resolve({ code, result: line ? (JSON.parse(line) as ChaosResult) : null, stderr: err.slice(-4000) });
    });
  });
}

describe('chaos: worker kills and sink faults during a campaign', () => {
  it('loses nothing and delivers nothing twice beyond the listed ambiguous messages', async () => {
    const { code, result, stderr } = await runChaos(['--recipients', '1000', '--kills', '3', '--kill-gap-ms', '1500', '--max-seconds', '150']);
    expect(result, stderr).not.toBeNull();
    const r = result!;
    // the faults really happened
    expect(r.faults).toHaveLength(3);
    expect(r.sinkFaultsInjected.reject421 + r.sinkFaultsInjected.drop + r.sinkFaultsInjected.stallData).toBeGreaterThan(0);
    // and the campaign came through them
    expect(r.finished).toBe(true);
    expect(r.lost).toBe(0);
    expect(r.duplicatesDelivered).toBe(0);
    expect(r.sent + r.ambiguous.length).toBeGreaterThan(900);
    expect(code).toBe(0);
  }, 180_000);
});

// Hand-over marks kept ahead of the transactions (handover.ts): the ordering rule (no
// transaction before its mark is committed), the bound on marks ahead, and that the next
// messages in line find their mark already there.
import { describe, expect, it } from 'vitest';
import { createHandOverMarks } from './handover.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
const tick = () => new Promise((r) => setImmediate(r));

/** A statement store: each mark resolves when the test says so (or at once with `auto`). */
function store(opts: { auto?: boolean; refuse?: Set<string> } = {}) {
  const committed = new Set<string>();
  const statements: { ids: string[]; done: () => void; fail: (e: Error) => void }[] = [];
  const mark = (batch: string[]) => new Promise<Set<string>>((resolve, reject) => {
    const done = () => {
      const ours = new Set(batch.filter((i) => !opts.refuse?.has(i)));
      for (const i of ours) committed.add(i);
      resolve(ours);
    };
    statements.push({ ids: batch, done, fail: reject });
    if (opts.auto) setImmediate(done);
  });
  return { committed, statements, mark };
}

describe('hand-over marks', () => {
  it('a transaction starts only once a statement that marked its message has completed', async () => {
    const s = store();
    const line = ids(5);
    const marks = createHandOverMarks({ ahead: 4, upcoming: () => line.slice(1), mark: s.mark });
    let started = false;
    const p = marks('m0').then((ok) => { started = ok; });
    await tick();
    expect(started).toBe(false);
    expect(s.statements).toHaveLength(1);
    expect(s.statements[0]!.ids[0]).toBe('m0');
    s.statements[0]!.done();
    await p;
    expect(started).toBe(true);
    expect(s.committed.has('m0')).toBe(true);
  });

  it('keeps marks ahead: the next messages in line start without waiting for a statement, never more than `ahead` marked unstarted', async () => {
    const s = store({ auto: true });
    const line = ids(100);
    let next = 0;
    const ahead = 8;
    const marks = createHandOverMarks({ ahead, upcoming: () => line.slice(next), mark: s.mark });
    let waitedForStatement = 0;
    let maxUnstarted = 0;
    while (next < line.length) {
      const id = line[next++]!;
      const before = s.statements.length;
      let resolved = false;
      const p = marks(id).then((ok) => { resolved = true; return ok; });
      // a mark already there resolves within this turn's microtasks
      await Promise.resolve(); await Promise.resolve(); await Promise.resolve();
      if (!resolved) waitedForStatement++;
      expect(await p).toBe(true);
      expect(s.committed.has(id)).toBe(true);
      // marked messages whose transaction has not started (the started ones are line[0..next))
      maxUnstarted = Math.max(maxUnstarted, line.slice(next).filter((i) => s.committed.has(i)).length);
      // the background top-up lands before the next message's turn (a statement is fast here)
      if (s.statements.length > before) await tick();
    }
    // only the first message waited; one statement per `ahead / 2` messages or so
    expect(waitedForStatement).toBe(1);
    expect(s.statements.length).toBeLessThanOrEqual(Math.ceil(line.length / (ahead / 2)) + 1);
    expect(maxUnstarted).toBeLessThanOrEqual(ahead);
  });

  it('a message the statement refused (no longer ours) is not started; a failed statement fails only its own sender', async () => {
    const s = store({ auto: true, refuse: new Set(['m1']) });
    const line = ids(3);
    let next = 0;
    const marks = createHandOverMarks({ ahead: 4, upcoming: () => line.slice(next), mark: s.mark });
    next = 1;
    expect(await marks('m0')).toBe(true);
    next = 2;
    expect(await marks('m1')).toBe(false);

    const f = store();
    const failing = createHandOverMarks({ ahead: 4, upcoming: () => ['x1'], mark: f.mark });
    const p = failing('x0');
    await tick();
    f.statements[0]!.fail(new Error('db down'));
    await expect(p).rejects.toThrow('db down');
    // nothing was marked: the next attempt asks again
    const again = failing('x0');
    await tick();
    expect(f.statements).toHaveLength(2);
    f.statements[1]!.done();
    expect(await again).toBe(true);
  });
});

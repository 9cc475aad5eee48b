// Hand-over marks of one send job (the lease sweep's evidence, see claim.ts markHandedOver):
// a message is marked before its SMTP transaction starts, only while this job holds its
// claim. The marks are group-committed and kept a few messages AHEAD of the transactions:
// when a connection is handed on to the next sender (session.ts handOff), that sender's
// MAIL/RCPT/DATA go out in the same write as the previous message's data only if its mark
// is already there. Marking only on demand made about a third of the transactions wait for
// the statement (measured on the send bench: 1,640 of 5,000), each then writing its
// commands in a write syscall of their own (on loopback the receiver's TCP work included).
//
// Bound: at most `ahead` messages of a job are marked without their transaction having
// started (plus the one whose transaction is starting), so a crash lists at most that many
// as ambiguous that never reached a server; everything unmarked is resent.

/** Resolves true once `id` is marked (its transaction may start), false when it is no longer ours. */
export type HandOverMarks = (id: string) => Promise<boolean>;

export function createHandOverMarks(opts: {
  /** Messages marked ahead of their transaction at most (a fresh statement tops up to this). */
  ahead: number;
  /** Ids whose transactions start next, roughly in order: the senders' messages, then the claimed queue. */
  upcoming: () => Iterable<string>;
  /** One statement: the ids it could mark (still ours); the others are refused. */
  mark: (ids: string[]) => Promise<Set<string>>;
}): HandOverMarks {
  const marked = new Set<string>();
  /** Ids the mark refused: no longer ours (released by the lease sweep), never sent by this job. */
  const refused = new Set<string>();
  /** Ids in a statement on its way. */
  const inFlight = new Map<string, Promise<void>>();
  let toppingUp = false;

  const start = (ids: string[]): Promise<void> => {
    const p: Promise<void> = opts.mark(ids)
      .then((ours) => {
        for (const i of ids) (ours.has(i) ? marked : refused).add(i);
      })
      .finally(() => {
        for (const i of ids) if (inFlight.get(i) === p) inFlight.delete(i);
      });
    for (const i of ids) inFlight.set(i, p);
    return p;
  };

  /** Marked (or being marked) upcoming ids, and the next unmarked ones (at most `want`). */
  const scan = (want: number) => {
    let ahead = 0;
    const next: string[] = [];
    for (const id of opts.upcoming()) {
      if (marked.has(id) || inFlight.has(id)) ahead++;
      else if (!refused.has(id) && next.length < want && !next.includes(id)) next.push(id);
    }
    return { ahead, next };
  };

  /** In the background: once half of the marks ahead are used up, one statement for the next ones. */
  const topUp = () => {
    if (toppingUp) return;
    const { ahead, next } = scan(opts.ahead);
    if (ahead > opts.ahead / 2) return;
    const ids = next.slice(0, opts.ahead - ahead);
    if (ids.length === 0) return;
    toppingUp = true;
    // A failure here only means these ids get marked on demand (where the error surfaces).
    start(ids).catch(() => {}).finally(() => {
      toppingUp = false;
    });
  };

  return async (id) => {
    for (;;) {
      if (marked.has(id)) {
        topUp();
        return true;
      }
      if (refused.has(id)) return false;
      const running = inFlight.get(id);
      if (running) {
        await running.catch(() => {});
        continue;
      }
      // On demand (the first message, or one whose turn came before its mark): this id and
      // the next ones in line, up to the bound.
      const { ahead, next } = scan(opts.ahead);
      await start([id, ...next.filter((n) => n !== id).slice(0, Math.max(0, opts.ahead - ahead - 1))]);
    }
  };
}

// Reads `perf script -F tid,time,ip,sym` output of the send bench's workers (perf-send.sh) and
// prints where their CPU went:
//  - total/rsa: all worker samples (every thread) per sample inside the RSA signature, the
//    in-process counterpart of the bench's workerCpuPerSignature;
//  - per second of the run: samples, and samples per signature sample (the warm-up shows as
//    the first seconds' higher ratio);
//  - the steady state (from --from s to --to s, default 5 s to the end) by category, each
//    sample given to the innermost frame that matches a category.
// Usage: node scripts/bench/perf-report.mjs <samples> <main-thread tids, comma-separated> [--from s] [--to s]
import fs from 'node:fs';

const [file, tidList] = process.argv.slice(2);
if (!file || !tidList) {
  console.error('usage: perf-report.mjs <samples> <tids> [--from s] [--to s]');
  process.exit(2);
}
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const mains = new Set(tidList.split(','));

/** Samples: { tid, t, frames (innermost first) }. */
const samples = [];
let cur = null;
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  if (!line.startsWith('\t') && !line.startsWith(' '.repeat(8))) {
    const [tid, time] = line.trim().split(/\s+/);
    cur = { tid, t: Number(time.replace(/:$/, '')), frames: [] };
    samples.push(cur);
  } else if (cur) {
    const parts = line.trim().split(/\s+/);
    cur.frames.push(parts.slice(1).join(' ') || '?');
  }
}
if (samples.length === 0) {
  console.error(`no samples in ${file}`);
  process.exit(1);
}
const t0 = samples[0].t;
const has = (s, re) => s.frames.some((f) => re.test(f));
const RSA = /rsaz|bn_mul|bn_sqr|BN_|ossl_extract|RSA_/;
const SIGN = /signOneShot/;

let rsa = 0;
for (const s of samples) if (has(s, RSA)) rsa++;
console.log(`samples ${samples.length}, in the RSA signature ${rsa}: total/rsa ${(samples.length / Math.max(1, rsa)).toFixed(2)}`);

// Per second: all samples and samples per signature sample (RSA + Ed25519 calls).
const perSecond = new Map();
for (const s of samples) {
  const sec = Math.floor(s.t - t0);
  const e = perSecond.get(sec) ?? { all: 0, sign: 0, background: 0 };
  e.all++;
  if (!mains.has(s.tid)) e.background++;
  else if (has(s, SIGN)) e.sign++;
  perSecond.set(sec, e);
}
console.log('second  samples  signature  other-threads  all/signature');
for (const [sec, e] of [...perSecond].sort((a, b) => a[0] - b[0])) {
  console.log(`${String(sec).padStart(6)} ${String(e.all).padStart(8)} ${String(e.sign).padStart(10)} ${String(e.background).padStart(14)} ${(e.all / Math.max(1, e.sign)).toFixed(2).padStart(14)}`);
}

// Steady state by category.
const from = opt('from', 5);
const to = opt('to', Infinity);
const rules = [
  ['signatures', /signOneShot|rsaz|bn_mul/],
  ['dkim (body hash, canonicalisation)', /dkim\/sign\.ts/],
  ['mail build (merge, MIME, tokens, MACs)', /buildRaw|compose\.ts|render\.ts|encode\.ts|links\.ts|crypto\.ts|message-id|verp/],
  ['smtp session', /transport\/session\.ts/],
  ['smtp pool', /transport\/pool\.ts/],
  ['deliver', /sending\/deliver\.ts/],
  ['postgres client', /node_modules\/pg|prisma/],
  ['redis client', /ioredis|rate-window|limits\.ts/],
  ['bullmq', /bullmq/],
  ['send batch', /batch\.ts/],
  ['socket writes (setImmediate uncork)', /processImmediate/],
  ['socket reads', /onStreamRead|uv__stream_io|uv__read/],
  ['promise jobs', /processTicksAndRejections/],
  ['garbage collector', /Scaveng|Heap::|MarkCompact|Sweeper/],
  ['event loop wait', /epoll|uv__io_poll/],
];
const counts = new Map();
let n = 0;
for (const s of samples) {
  const sec = s.t - t0;
  if (sec < from || sec >= to) continue;
  n++;
  let cat = mains.has(s.tid) ? 'other (main thread)' : 'other threads (GC, compiler)';
  if (mains.has(s.tid)) {
    outer: for (const f of s.frames) {
      for (const [name, re] of rules) {
        if (re.test(f)) {
          cat = name;
          break outer;
        }
      }
    }
  }
  counts.set(cat, (counts.get(cat) ?? 0) + 1);
}
console.log(`\nsteady state (${from} s to ${Number.isFinite(to) ? `${to} s` : 'the end'}): ${n} samples`);
for (const [cat, c] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${((c / n) * 100).toFixed(1).padStart(6)} %  ${cat}`);

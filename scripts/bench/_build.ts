// Micro-benchmark of the per-message build path (buildRaw: merge, MIME, DKIM, serialise) on
// the send bench's campaign, in one process: `node --import tsx scripts/bench/_build.ts`.
// Prints µs per message for the whole build, for the signatures alone, and the rest.
import { generateKeyPairSync, randomUUID, sign, createHash } from 'node:crypto';
import { compileCampaign } from '@rundbrief/mailer/render/index';
import { buildMimeTemplate, prepareBody } from '@rundbrief/mailer/mime/compose';
import { createDkimSigner } from '@rundbrief/mailer/dkim/sign';
import { buildRaw, type MessageBuildContext } from '../../packages/core/src/sending/batch.ts';
import { BENCH_MJML, BENCH_SUBJECT } from './_campaign.ts';

const N = Number(process.env.N ?? 20000);
const compiled = await compileCampaign({ subject: BENCH_SUBJECT, preheader: 'Benchmark', mjml: BENCH_MJML, imprint: 'Bench GmbH', trackClicks: true, trackOpens: true });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ed = generateKeyPairSync('ed25519').privateKey;
const ctx: MessageBuildContext = {
  compiled, body: prepareBody(compiled), variants: new Map(),
  tpl: buildMimeTemplate({ from: { address: 'news@bench.example', name: 'Bench' }, listId: { id: 'news.bench.example', name: 'Bench' }, feedbackId: 'a:b:campaign:rundbrief' }),
  signer: createDkimSigner([{ domain: 'bench.example', selector: 'rsa', privateKey: rsa }, { domain: 'bench.example', selector: 'ed', privateKey: ed }]),
  fromDomain: 'bench.example', trackOpens: true, trackClicks: true,
};
const msgs = Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), subscriberId: randomUUID(), email: `user${i}@example.com`, firstName: i % 3 ? `Jörg${i}` : null, lastName: 'Müller', attributes: {} }));

const cpu = (f: () => void, n: number) => {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return ((d.user + d.system) / n);
};
let bytes = 0;
for (let i = 0; i < 2000; i++) bytes += buildRaw(ctx, msgs[i % 1000]!).raw.length;
const runs: number[] = [];
for (let r = 0; r < 5; r++) runs.push(cpu(() => { for (let i = 0; i < N; i++) bytes += buildRaw(ctx, msgs[i % 1000]!).raw.length; }, N));
const data = Buffer.from('x'.repeat(900));
const sig = cpu(() => { for (let i = 0; i < 2000; i++) { sign('sha256', data, rsa); sign(null, createHash('sha256').update(data).digest(), ed); } }, 2000);
const best = Math.min(...runs);
console.log(JSON.stringify({ buildUsPerMessage: runs.map((x) => Math.round(x)), best: Math.round(best), signaturesUs: Math.round(sig), restUs: Math.round(best - sig), mailBytes: Math.round(bytes / (2000 + 5 * N)) }));

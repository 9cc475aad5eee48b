// CSV import run (BullMQ job): stream the file through the decoder of its detected encoding
// and csv-parse (its detected separator) into a
// temporary staging table with COPY, classify refusals in SQL, then merge with two
// INSERT ... SELECT statements — all in one transaction, so a bad file (encoding, missing
// column) leaves nothing half-applied. Memory stays flat: rows are never collected.
// A run holds the import's advisory lock (IMPORT_RUN_LOCK_KEY) from its claim to its end, so
// a RUNNING import whose run died is taken over by the next job and starts from row one.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { parse } from 'csv-parse';
import { getDb, Prisma, tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { csvCellSql } from '../security/csv-cells.ts';
import { coreEnv } from '../env.ts';
import { checkAddress, domainOf, isDisposableDomain, isRoleAddress } from '../deliverability/address.ts';
import { blockCandidatesSql, blockedDomainDepths } from '../deliverability/blocklist-match.ts';
import { coerceFieldValue } from './fields.ts';
import { importFilePath, importMappingSchema, importReportPath } from './import-setup.ts';
import { csvParseOptions, decodeStream, inspectCsvFile, storedDetection } from './import-file.ts';
import { detectionReportColumns } from './csv-detect.ts';
import { queueImportOptInMails } from './import-optin.ts';
import { kickWebhookDispatch, webhookOutboxCtes } from '../webhooks/events.ts';

const PROGRESS_EVERY = 20_000;
export const IMPORT_APPLICATION_NAME = 'rundbrief-import';

// COPY text format: backslash, tab, newline and carriage return must be escaped; \N is NULL.
// Postgres text cannot hold NUL at all (one in a cell failed the whole import): U+FFFD.
const cell = (v: string | null | undefined) =>
  v === null || v === undefined ? '\\N' : v.replace(/\u0000/g, '\uFFFD').replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

type RowRun = {
  tenantId: string; importId: string; rejectRole: boolean; decimalComma: boolean;
  mapping: ReturnType<typeof importMappingSchema.parse>;
  fields: { key: string; label: string; type: 'TEXT' | 'NUMBER' | 'DATE' | 'BOOLEAN' }[];
};

/** Parsed records -> COPY text lines, sent in ~64 KB chunks (one write per row is slow). */
function rowsToCopy(run: RowRun, counter: { rows: number }) {
  let buffer = '';
  const toLine = (rec: Record<string, string | undefined>, rowNo: number) => {
    const raw = (rec[run.mapping.email] ?? '').trim();
    let email: string | null = null;
    let refusal: string | null = null;
    let detail: string | null = null;
    const check = checkAddress(raw);
    if (!check.ok) [refusal, detail] = ['syntax', raw === '' ? 'no address' : check.message];
    else {
      email = check.normalized;
      if (isDisposableDomain(domainOf(email))) [refusal, detail] = ['blocked', 'disposable mailbox domain'];
      else if (run.rejectRole && isRoleAddress(email)) [refusal, detail] = ['blocked', 'role address'];
    }
    const attrs: Record<string, unknown> = {};
    for (const f of run.fields) {
      const r = coerceFieldValue(f.type, rec[run.mapping.fields[f.key]!], { decimalComma: run.decimalComma });
      if ('error' in r) { if (!refusal) [refusal, detail] = ['invalid_field', `${f.label} ${r.error}`]; } else if (r.value !== null) attrs[f.key] = r.value;
    }
    const name = (col?: string) => (col ? rec[col]?.trim().slice(0, 100) || null : null);
    return `${rowNo}\t${cell(raw.slice(0, 320))}\t${cell(email)}\t${cell(name(run.mapping.firstName))}\t${cell(name(run.mapping.lastName))}\t${cell(JSON.stringify(attrs))}\t${cell(refusal)}\t${cell(detail)}\n`;
  };
  return new Transform({
    writableObjectMode: true,
    transform(rec: Record<string, string | undefined>, _enc, cb: TransformCallback) {
      const rowNo = ++counter.rows;
      buffer += toLine(rec, rowNo);
      if (rowNo % PROGRESS_EVERY === 0) {
        const chunk = buffer;
        buffer = '';
        tenantDb(run.tenantId).import.updateMany({ where: { id: run.importId }, data: { processedRows: rowNo } })
          .then(() => cb(null, chunk), cb);
        return;
      }
      if (buffer.length >= 65_536) {
        const chunk = buffer;
        buffer = '';
        return cb(null, chunk);
      }
      cb();
    },
    flush(cb) {
      cb(null, buffer);
    },
  });
}

/**
 * The platform blocklist rule (deliverability/blocklist-match.ts, the same one sign-up and
 * the snapshot apply): one hash join per candidate (address, domain suffixes), and the row
 * says which entry blocked it.
 */
function blockedStatements(depths: readonly number[]): string[] {
  return blockCandidatesSql(Prisma.raw('r.email'), depths).map((c) => `UPDATE import_rows r
    SET refusal = 'blocked', detail = 'platform blocklist: ' || b.value || ' (' || lower(replace(b.kind::text, '_', ' ')) || ')'
    FROM "BlockedAddress" b WHERE b.value = ${c.sql} AND r.refusal IS NULL`);
}

// Refusal rules applied to the staged rows, in order; a row keeps its first refusal.
const classify = (depths: readonly number[]) => [
  `UPDATE import_rows r SET refusal = 'duplicate', detail = 'same address as line ' || (d.first + 1)
     FROM (SELECT email, min(row_no) AS first FROM import_rows WHERE refusal IS NULL GROUP BY email HAVING count(*) > 1) d
    WHERE r.email = d.email AND r.row_no <> d.first AND r.refusal IS NULL`,
  ...blockedStatements(depths),
  `UPDATE import_rows r SET refusal = 'suppressed', detail = lower(s.reason::text)
     FROM "Suppression" s WHERE s."tenantId" = $1 AND s."emailHash" = encode(sha256(convert_to(r.email, 'UTF8')), 'hex') AND r.refusal IS NULL`,
  `UPDATE import_rows r SET refusal = 'suppressed', detail = 'subscriber is ' || lower(s.status::text)
     FROM "Subscriber" s WHERE s."tenantId" = $1 AND s.email = r.email AND s.status <> 'ACTIVE' AND r.refusal IS NULL`,
  // Never turn a pending or unsubscribed subscription of this list into a confirmed one.
  // Starts from the list's few open subscriptions (materialized), not one probe per row;
  // each subscriber by primary key (the OFFSET 0 fence): with the stale statistics of a
  // tenant that is just growing, the planner otherwise scans the whole tenant per row.
  `WITH open AS MATERIALIZED (
     SELECT (SELECT s.email FROM (SELECT email, "tenantId" FROM "Subscriber" WHERE id = x."subscriberId" OFFSET 0) s WHERE s."tenantId" = $1) AS email,
       x.status FROM "Subscription" x
      WHERE x."tenantId" = $1 AND x."listId" = $2 AND x.status IN ('PENDING', 'UNSUBSCRIBED'))
   UPDATE import_rows r SET refusal = lower(o.status::text), detail = CASE o.status WHEN 'PENDING' THEN 'awaits confirmation; left unchanged' ELSE $3 END
     FROM open o WHERE o.email = r.email AND r.refusal IS NULL`,
];

/**
 * The first 20 hex digits of a UUIDv7 (RFC 9562): 48-bit millisecond time, version, and
 * 26 random bits; the caller appends a 48-bit counter, so ids of one import ascend.
 */
export function uuidv7Prefix(now = Date.now()): string {
  const r = randomBytes(4).readUInt32BE(0);
  const hex = (v: number, n: number) => v.toString(16).padStart(n, '0');
  return `${hex(now, 12)}7${hex(r & 0xfff, 3)}${hex(0x8 | ((r >>> 12) & 0x3), 1)}${hex((r >>> 14) & 0xfff, 3)}`;
}

/** Only a superuser may switch triggers off (session_replication_role); others keep them. */
async function mayDisableRiTriggers(client: pg.Client): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>('SELECT rolsuper AS ok FROM pg_roles WHERE rolname = current_user');
  if (!r.rows[0]?.ok) return false;
  // Only the foreign-key triggers may exist on the two tables: anything else must run.
  const other = await client.query(`SELECT 1 FROM pg_trigger WHERE tgrelid IN ('"Subscriber"'::regclass, '"Subscription"'::regclass) AND NOT tgisinternal`);
  return other.rowCount === 0;
}

/**
 * The merge of the classified rows into "Subscriber" and "Subscription", one statement so
 * the subscriber ids flow into the subscriptions without a join. 'new': rows whose address
 * was not known when import_known was taken, plain inserts (a concurrent sign-up of the
 * same address fails it with a unique violation). 'known': the others; duplicates of
 * existing subscribers are merged (names fill in, attributes overlay) and an existing
 * subscription of the list is left as it is.
 * $1 tenant, $2 list, $3 attestation, $4 subscription status, $5 token expiry,
 * $6 and $7 the id prefixes of subscribers and subscriptions.
 */
function merge(rows: 'new' | 'known'): string {
  const known = rows === 'known';
  return `WITH s AS (
      INSERT INTO "Subscriber" (id, "tenantId", email, "firstName", "lastName", attributes, "createdAt", "updatedAt")
      SELECT ($6 || lpad(to_hex(row_number() OVER (ORDER BY email)), 12, '0'))::uuid, $1, email, first_name, last_name, attributes, now(), now()
        FROM import_rows r WHERE refusal IS NULL AND ${known ? '' : 'NOT '}EXISTS (SELECT 1 FROM import_known k WHERE k.row_no = r.row_no)
       ORDER BY email
      ${known ? `ON CONFLICT ("tenantId", email) DO UPDATE SET
        "firstName" = COALESCE(EXCLUDED."firstName", "Subscriber"."firstName"),
        "lastName" = COALESCE(EXCLUDED."lastName", "Subscriber"."lastName"),
        attributes = "Subscriber".attributes || EXCLUDED.attributes, "updatedAt" = now()` : ''}
      RETURNING id)
    INSERT INTO "Subscription" (id, "tenantId", "listId", "subscriberId", status, source, "requestedAt", "confirmedAt", attestation, "tokenExpiresAt", "createdAt", "updatedAt")
    SELECT ($7 || lpad(to_hex(row_number() OVER ()), 12, '0'))::uuid, $1, $2, s.id, $4::"SubscriptionStatus", 'IMPORT', now(),
      CASE WHEN $4 = 'CONFIRMED' THEN now() END, $3, $5::timestamptz AT TIME ZONE 'UTC', now(), now() FROM s
    ${known ? 'ON CONFLICT ("listId", "subscriberId") DO NOTHING' : ''}`;
}

const IMPORT_EVENTS = ['subscriber.created', 'subscriber.confirmed'];

/**
 * Inside the import's transaction, after the merge: the webhook events of what it created,
 * one statement for the whole import. What is new is known by id: the merge gave every row
 * it inserted an id under one of its UUIDv7 prefixes (a subscriber merged into an existing
 * one keeps its old id, an existing subscription is left alone), so `subscriber.created`
 * is one primary-key range scan per prefix and `subscriber.confirmed` (CONFIRMED
 * subscriptions it created) another. Payloads as sign-up sends them, with source IMPORT.
 * A tenant none of whose enabled endpoints wants either event pays one probe.
 */
async function recordImportWebhooks(client: pg.Client, tenantId: string, listId: string, prefixes: { subscribers: string[]; subscriptions: string[] }): Promise<number> {
  const wanted = await client.query('SELECT 1 FROM "WebhookEndpoint" WHERE "tenantId" = $1 AND enabled AND events && $2::text[] LIMIT 1', [tenantId, IMPORT_EVENTS]);
  if (!wanted.rowCount) return 0;
  const ranges = (col: Prisma.Sql, ps: string[]) => Prisma.join(ps.map((p) => Prisma.sql`${col} BETWEEN ${`${p}000000000000`}::uuid AND ${`${p}ffffffffffff`}::uuid`), ' OR ');
  const q = Prisma.sql`
    WITH created AS (
      SELECT s."tenantId", jsonb_build_object('subscriberId', s.id, 'email', s.email, 'listId', ${listId}::uuid, 'source', 'IMPORT') AS data
      FROM "Subscriber" s WHERE s."tenantId" = ${tenantId}::uuid AND (${ranges(Prisma.sql`s.id`, prefixes.subscribers)})
    ),
    confirmed AS (
      SELECT x."tenantId", jsonb_build_object('subscriberId', x."subscriberId", 'email', s.email, 'listId', x."listId", 'source', x.source,
        'confirmedAt', to_char(x."confirmedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS data
      FROM "Subscription" x JOIN "Subscriber" s ON s.id = x."subscriberId"
      WHERE x."tenantId" = ${tenantId}::uuid AND x.status = 'CONFIRMED' AND (${ranges(Prisma.sql`x.id`, prefixes.subscriptions)})
    ),
    ${webhookOutboxCtes('subscriber.created', Prisma.sql`created`, 'whc')},
    ${webhookOutboxCtes('subscriber.confirmed', Prisma.sql`confirmed`, 'whf')}
    SELECT ((SELECT count(*) FROM whc_dl) + (SELECT count(*) FROM whf_dl))::int AS n`;
  const r = await client.query<{ n: number }>(q.text, q.values);
  return r.rows[0]?.n ?? 0;
}

export type ImportOutcome = { status: 'DONE' | 'FAILED'; totalRows: number; importedRows: number; refusedRows: number; error?: string };

/**
 * The run's lock: a session-level advisory lock on the run's own connection, taken before the
 * claim and held until the run has written DONE or FAILED. So a RUNNING import whose lock is
 * free has no live run (its worker died and the connection with it; Postgres rolled its one
 * transaction back): a new run may take it over, and the recovery after a Redis loss
 * (import-recovery.ts) may queue it again. $1: the import id.
 */
export const IMPORT_RUN_LOCK_KEY = `${0x1b70}::int, hashtext($1::text)`;

/** `timings` (benchmark): filled with the milliseconds of each phase. */
export async function runImport(ctx: TenantCtx, importId: string, opts: { timings?: Record<string, number> } = {}): Promise<ImportOutcome> {
  // Named, so pg_stat_activity (and the benchmark) can tell the import's connection apart.
  const client = new pg.Client({ connectionString: coreEnv().DATABASE_URL, application_name: IMPORT_APPLICATION_NAME });
  await client.connect();
  try {
    // Blocking: a duplicate job waits for the live run and then finds it finished.
    await client.query(`SELECT pg_advisory_lock(${IMPORT_RUN_LOCK_KEY})`, [importId]);
    return await runLocked(ctx, importId, client, opts);
  } finally {
    await client.end();
  }
}

async function runLocked(ctx: TenantCtx, importId: string, client: pg.Client, opts: { timings?: Record<string, number> }): Promise<ImportOutcome> {
  let tPhase = performance.now();
  const phase = (name: string) => { const t = performance.now(); if (opts.timings) opts.timings[name] = Math.round(t - tPhase); tPhase = t; };
  const db = tenantDb(ctx.tenantId);
  // QUEUED, or RUNNING with nobody holding the lock (we hold it now): the earlier run is dead
  // and nothing of it was applied (one transaction), so this run starts from the beginning.
  const claimed = await db.import.updateMany({ where: { id: importId, status: { in: ['QUEUED', 'RUNNING'] } }, data: { status: 'RUNNING', processedRows: 0 } });
  const imp = await db.import.findFirst({ where: { id: importId } });
  if (!imp) throw new DomainError('NOT_FOUND', 'Import not found').withText('common.notFound', { what: 'Import' });
  if (claimed.count === 0) {
    // A retried or duplicate job: report what the first run did, never apply twice.
    return { status: imp.status === 'DONE' ? 'DONE' : 'FAILED', totalRows: imp.totalRows, importedRows: imp.importedRows, refusedRows: imp.refusedRows, error: imp.error ?? undefined };
  }
  const tenant = (await getDb().tenant.findUnique({ where: { id: ctx.tenantId } }))!;
  const mapping = importMappingSchema.parse(imp.mapping);
  const fields = await db.customField.findMany({ where: { key: { in: Object.keys(mapping.fields) } } });
  const detection = storedDetection(imp.detection) ?? (await inspectCsvFile(importFilePath(imp.id), 0)).detection;
  const run: RowRun = { tenantId: ctx.tenantId, importId: imp.id, rejectRole: tenant.rejectRoleAddresses, decimalComma: detection.decimalComma, mapping, fields };
  // OPT_IN_MAIL: new subscriptions are PENDING (no attestation) until the person confirms;
  // the token and the mail come after commit (import-optin.ts). The expiry is set now so
  // the pruning job also removes them if the mails never go out.
  const optIn = imp.consentMode === 'OPT_IN_MAIL';
  const expiresAt = new Date(Date.now() + tenant.optInExpiryDays * 86_400_000);
  const counter = { rows: 0 };
  let committed = false;
  try {
    await client.query('BEGIN');
    // Losing the last import on a crash is harmless (it re-runs as FAILED); waiting for the flush is not.
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query(`SET LOCAL work_mem = '128MB'`);
    // The tenant and the list stay put until commit (a concurrent delete waits for us).
    const locked = await client.query('SELECT 1 FROM "List" l JOIN "Tenant" t ON t.id = l."tenantId" WHERE l.id = $1 AND l."tenantId" = $2 FOR KEY SHARE', [imp.listId, ctx.tenantId]);
    if (locked.rowCount !== 1) throw new DomainError('NOT_FOUND', 'The list of this import no longer exists.').withText('imports.listGone');
    await client.query(`CREATE TEMP TABLE import_rows (row_no int, raw_email text, email text, first_name text, last_name text,
      attributes jsonb, refusal text, detail text) ON COMMIT DROP`);
    const needed = [mapping.email, mapping.firstName, mapping.lastName, ...Object.values(mapping.fields)].filter((c): c is string => !!c);
    await pipeline(
      createReadStream(importFilePath(imp.id)),
      decodeStream(detection.encoding),
      parse({
        ...csvParseOptions(detection.separator),
        columns: (header: string[]) => {
          const cols = header.map((h) => h.trim());
          const missing = needed.filter((c) => !cols.includes(c));
          if (missing.length) throw new DomainError('VALIDATION', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}.`).withText('imports.noColumn', { columns: missing.map((m) => `"${m}"`).join(', ') });
          return cols;
        },
      }),
      rowsToCopy(run, counter),
      client.query(copyFrom('COPY import_rows (row_no, raw_email, email, first_name, last_name, attributes, refusal, detail) FROM STDIN')),
    );
    phase('parseCopy');
    await db.import.updateMany({ where: { id: imp.id }, data: { processedRows: counter.rows, totalRows: counter.rows } });
    await client.query('ANALYZE import_rows');
    phase('analyzeStaging');
    const skipRiTriggers = await mayDisableRiTriggers(client);
    let ci = 0;
    // Someone who left this list comes back only by their own new double opt-in: an import
    // neither re-subscribes nor mails them.
    const unsubscribedDetail = optIn ? 'unsubscribed from this list; not mailed (only their own sign-up can re-subscribe them)' : 'unsubscribed from this list; left unchanged';
    for (const sql of classify(await blockedDomainDepths())) {
      await client.query(sql, sql.includes('$3') ? [ctx.tenantId, imp.listId, unsubscribedDetail] : sql.includes('$2') ? [ctx.tenantId, imp.listId] : sql.includes('$1') ? [ctx.tenantId] : []);
      phase(`classify${ci++}`);
    }
    // Foreign-key checks are four trigger queries per imported row (a third of the merge).
    // They cannot fail here: tenant and list are locked above, and every subscriber id
    // comes from the same statement's RETURNING (a row it inserted or locked). So the merge
    // runs them off, like pg_restore --disable-triggers, where the role may (superuser).
    if (skipRiTriggers) await client.query('SET LOCAL session_replication_role = replica');
    // Rows go in address order with ids ascending in that order (UUIDv7 layout: time,
    // per-import random bits, a counter), so every btree on both tables grows at its right
    // edge instead of touching a random page per row: the difference between minutes and
    // seconds for a million rows once the indexes outgrow shared_buffers.
    // Most rows of a large import are new people. For them a plain INSERT is enough (no
    // speculative insertion, no conflict probe per row and per index: ~10% of the merge),
    // and their subscriptions cannot exist yet. The rows whose address is already known
    // are taken aside first and merged with ON CONFLICT, as before.
    const params = [ctx.tenantId, imp.listId, optIn ? null : imp.attestation, optIn ? 'PENDING' : 'CONFIRMED', optIn ? expiresAt.toISOString() : null];
    await client.query('CREATE TEMP TABLE import_known (row_no int PRIMARY KEY) ON COMMIT DROP');
    await client.query(`INSERT INTO import_known SELECT r.row_no FROM import_rows r
      JOIN "Subscriber" s ON s."tenantId" = $1 AND s.email = r.email WHERE r.refusal IS NULL`, [ctx.tenantId]);
    await client.query('ANALYZE import_known');
    const prefixes = { subscribers: [uuidv7Prefix(), uuidv7Prefix()], subscriptions: [uuidv7Prefix(), uuidv7Prefix()] };
    await client.query('SAVEPOINT import_new');
    try {
      await client.query(merge('new'), [...params, prefixes.subscribers[0], prefixes.subscriptions[0]]);
      await client.query('RELEASE SAVEPOINT import_new');
    } catch (e) {
      // Someone else added one of these addresses since import_known was taken (a sign-up
      // during the import): merge every row the careful way instead.
      if ((e as { code?: string }).code !== '23505') throw e;
      await client.query('ROLLBACK TO SAVEPOINT import_new');
      await client.query('TRUNCATE import_known');
      await client.query(`INSERT INTO import_known SELECT row_no FROM import_rows WHERE refusal IS NULL`);
    }
    await client.query(merge('known'), [...params, prefixes.subscribers[1], prefixes.subscriptions[1]]);
    if (skipRiTriggers) await client.query('SET LOCAL session_replication_role = origin');
    phase('merge');
    const webhooks = await recordImportWebhooks(client, ctx.tenantId, imp.listId, prefixes);
    phase('webhooks');
    const counts = await client.query<{ imported: string; refused: string }>(
      `SELECT count(*) FILTER (WHERE refusal IS NULL) AS imported, count(*) FILTER (WHERE refusal IS NOT NULL) AS refused FROM import_rows`);
    const importedRows = Number(counts.rows[0]!.imported);
    const refusedRows = Number(counts.rows[0]!.refused);
    const reportPath = importReportPath(imp.id);
    // Each row also says how the file was read (issue 14: "the per-row report says what was
    // detected"). COPY takes no bind parameters; the values are from closed sets, quoted anyway.
    const detected = Object.entries(detectionReportColumns(detection)).map(([col, v]) => `${client.escapeLiteral(v)} AS ${col}`).join(', ');
    await pipeline(
      client.query(copyTo(`COPY (SELECT row_no + 1 AS line, ${csvCellSql('raw_email')} AS email, refusal AS reason, ${csvCellSql('detail')} AS detail, ${detected} FROM import_rows
        WHERE refusal IS NOT NULL ORDER BY row_no) TO STDOUT WITH (FORMAT csv, HEADER)`)),
      createWriteStream(reportPath),
    );
    await client.query(`UPDATE "Import" SET status = 'DONE', "totalRows" = $3, "processedRows" = $3, "importedRows" = $4, "refusedRows" = $5,
      "reportPath" = $6, "finishedAt" = now(), error = NULL WHERE id = $1 AND "tenantId" = $2`,
    [imp.id, ctx.tenantId, counter.rows, importedRows, refusedRows, reportPath]);
    phase('report');
    await client.query('COMMIT');
    committed = true;
    phase('commit');
    await kickWebhookDispatch(webhooks);
    // A bulk load can outgrow the planner's statistics long before autovacuum notices:
    // without fresh ones, joins over the new rows (sunset report, audience snapshot) pick
    // nested loops over tens of thousands of rows and take minutes.
    // (An optimisation: if it fails, autovacuum catches up later; the import stands.)
    await client.query('ANALYZE "Subscriber", "Subscription"').catch(() => undefined);
    phase('analyze');
    if (optIn) await queueImportOptInMails({ tenantId: ctx.tenantId, importId: imp.id });
    return { status: 'DONE', totalRows: counter.rows, importedRows, refusedRows };
  } catch (e) {
    if (committed) {
      // The import stands; only queueing its opt-in mails failed.
      await db.import.updateMany({ where: { id: imp.id }, data: { error: 'Imported, but the opt-in mails could not be queued.' } });
      throw e;
    }
    await client.query('ROLLBACK').catch(() => undefined);
    // Bad data (encoding, columns, broken quoting) is the marketer's to fix: FAILED with a
    // message, no retry. Anything else (database down) also fails the job visibly.
    const csvError = String((e as { code?: unknown }).code ?? '').startsWith('CSV_');
    const error = e instanceof DomainError ? e.message
      : csvError ? `The file is not a readable CSV: ${(e as Error).message}` : 'The import failed because of an internal error; nothing was imported.';
    await db.import.updateMany({ where: { id: imp.id }, data: { status: 'FAILED', error, finishedAt: new Date(), importedRows: 0 } });
    if (!(e instanceof DomainError) && !csvError) throw e;
    return { status: 'FAILED', totalRows: counter.rows, importedRows: 0, refusedRows: 0, error };
  }
}

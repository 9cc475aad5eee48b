// Private Redis and PostgreSQL for `npm run chaos -- --private-services`: started on free
// loopback ports for this run only, so the chaos run can restart them (Redis killed and
// started again empty, Postgres restarted in immediate mode) without touching the servers
// the other engineers on the machine use. Everything is stopped and removed by stop().
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { canConnect, log, run, waitFor } from './sh.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function pgBin(name) {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(`${base}/${v}/bin/${name}`)) return `${base}/${v}/bin/${name}`;
  throw new Error(`${name} not found under ${base} (install postgresql)`);
}

const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/**
 * Starts both services. Returns the URLs, the shell commands that restart each (for
 * CHAOS_REDIS_RESTART_CMD / CHAOS_POSTGRES_RESTART_CMD) and stop().
 */
export async function startPrivateServices(tag = String(process.pid)) {
  const isRoot = process.getuid?.() === 0;
  // initdb and postgres refuse to run as root: run them as the postgres user then
  const asPg = isRoot ? `runuser -u postgres -- ` : '';

  // Redis: no persistence, so a restart brings it back empty
  const redisPort = await freePort();
  const redisPid = `/tmp/chaos-redis-${tag}.pid`;
  const redisStart = `redis-server --daemonize yes --bind 127.0.0.1 --port ${redisPort} --save '' --appendonly no --pidfile ${redisPid} --logfile /tmp/chaos-redis-${tag}.log`;
  run('sh', ['-c', redisStart]);
  await waitFor(() => canConnect(redisPort), { what: 'private Redis' });
  // SIGKILL (no shutdown save), wait until the port is free, start again empty
  const redisRestart = `kill -9 $(cat ${redisPid}) && while redis-cli -p ${redisPort} ping >/dev/null 2>&1; do sleep 0.05; done && rm -f ${redisPid} && ${redisStart} && until redis-cli -p ${redisPort} ping >/dev/null 2>&1; do sleep 0.05; done`;

  // PostgreSQL: a throw-away cluster in /tmp, trust auth, superuser root
  const pgPort = await freePort();
  const dataDir = `/tmp/chaos-pg-${tag}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (isRoot) run('chown', ['postgres:postgres', dataDir]);
  const initdb = spawnSync('sh', ['-c', `${asPg}${q(pgBin('initdb'))} -D ${q(dataDir)} -U root --auth=trust -E UTF8 --no-sync`], { encoding: 'utf8' });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr || initdb.stdout}`);
  const pgCtl = `${asPg}${q(pgBin('pg_ctl'))} -D ${q(dataDir)}`;
  // fsync off: a throw-away cluster; an immediate restart still runs crash recovery
  run('sh', ['-c', `${pgCtl} -l ${q(`${dataDir}.log`)} -w -o ${q(`-p ${pgPort} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`)} start >/dev/null`]);
  await waitFor(() => canConnect(pgPort), { what: 'private PostgreSQL' });
  const pgRestart = `${pgCtl} -w -m immediate restart >/dev/null`;
  log(`private Redis on ${redisPort}, private PostgreSQL on ${pgPort} (${dataDir})`);

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync('sh', ['-c', `${pgCtl} -m immediate stop >/dev/null 2>&1; kill -9 $(cat ${redisPid}) 2>/dev/null; rm -f ${redisPid}`]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.log`, { force: true });
    fs.rmSync(`/tmp/chaos-redis-${tag}.log`, { force: true });
  };
  return {
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    databaseUrl: `postgresql://root@127.0.0.1:${pgPort}/rundbrief_chaos`,
    redisRestartCmd: redisRestart,
    postgresRestartCmd: pgRestart,
    stop,
  };
}

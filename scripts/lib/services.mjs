// Postgres and Redis for `npm start` / `npm test`: use DATABASE_URL / REDIS_URL when set,
// else the local servers on their default ports — started if installed but stopped,
// installed with apt when we are root on Debian, otherwise a message naming what to install.
import fs from 'node:fs';
import { canConnect, has, log, run, runQuiet, waitFor } from './sh.mjs';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = () => fs.existsSync('/etc/debian_version') && has('apt-get');
let aptUpdated = false;

function aptInstall(pkgs) {
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-qq', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function hostPort(url, defPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defPort) };
}

async function ensurePostgres(url) {
  const { host, port } = hostPort(url, 5432);
  if (await canConnect(port, host)) return;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error(`Postgres at ${host}:${port} is not reachable (DATABASE_URL)`);
  if (!has('pg_ctlcluster')) {
    if (!(isRoot() && isDebian())) {
      throw new Error('PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y postgresql) or set DATABASE_URL.');
    }
    log('installing PostgreSQL with apt ...');
    aptInstall(['postgresql']);
  }
  const versions = fs.readdirSync('/etc/postgresql');
  for (const v of versions) {
    log(`starting PostgreSQL ${v} ...`);
    runQuiet('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start'], { stdio: 'inherit' });
  }
  await waitFor(() => canConnect(port, host), { what: 'PostgreSQL' });
  // A fresh install only knows the `postgres` role: give the local user a superuser role
  // with trust on loopback (development machine set-up, as on the CI machines).
  const user = new URL(url).username || 'root';
  const probe = runQuiet('psql', ['-h', host, '-U', user, '-d', 'postgres', '-tAc', 'select 1']);
  if (probe.status !== 0 && isRoot()) {
    log(`creating PostgreSQL role ${user} with trust on loopback ...`);
    runQuiet('su', ['postgres', '-c', `psql -c "CREATE ROLE \\"${user}\\" SUPERUSER LOGIN"`], { stdio: 'inherit' });
    for (const v of versions) {
      const hba = `/etc/postgresql/${v}/main/pg_hba.conf`;
      const text = fs.readFileSync(hba, 'utf8');
      if (!text.includes('# rundbrief')) {
        fs.writeFileSync(hba, `# rundbrief: local development trust for ${user}\nhost all ${user} 127.0.0.1/32 trust\nhost all ${user} ::1/128 trust\n${text}`);
      }
      runQuiet('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'reload'], { stdio: 'inherit' });
    }
  }
}

async function ensureRedis(url) {
  const { host, port } = hostPort(url, 6379);
  if (await canConnect(port, host)) return;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error(`Redis at ${host}:${port} is not reachable (REDIS_URL)`);
  if (!has('redis-server')) {
    if (!(isRoot() && isDebian())) {
      throw new Error('Redis is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_URL.');
    }
    log('installing Redis with apt ...');
    aptInstall(['redis-server']);
  }
  log('starting Redis ...');
  run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(port), '--save', '', '--appendonly', 'no']);
  await waitFor(() => canConnect(port, host), { what: 'Redis' });
}

export async function ensureServices(env) {
  await ensurePostgres(env.DATABASE_URL);
  await ensureRedis(env.REDIS_URL);
}

/** Chromium for Playwright: Debian's package, never a downloaded browser build. */
export function ensureChromium() {
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  if (!(isRoot() && isDebian())) {
    throw new Error('Chromium is not installed. Install it (Debian: sudo apt-get install -y chromium) to run the e2e suite.');
  }
  log('installing Chromium with apt ...');
  aptInstall(['chromium']);
  return '/usr/bin/chromium';
}

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';

/** The newest PostgreSQL installed from Debian's package, or null where there is none. */
export const debianPostgres = (): string | null => {
  if (!existsSync('/usr/lib/postgresql')) return null;
  const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v));
  return versions.sort((a, b) => Number(a) - Number(b)).at(-1) ?? null;
};

const asPostgres = (command: string, args: string[]) =>
  userInfo().username === 'postgres'
    ? execFileSync(command, args, { encoding: 'utf8' })
    : execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' });

/**
 * Starts the cluster `main` of that version if it is down, makes a role named after this OS user
 * (the unix socket's peer authentication then lets us in without a password) and a fresh
 * database. Returns the connection string, and whether we started the cluster (to stop it after).
 */
export const freshPostgresDatabase = (version: string, database: string): { url: string; startedCluster: boolean } => {
  const clusters = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  const down = clusters.split('\n').some((line) => line.startsWith(`${version} `) && line.includes(' main ') && line.includes(' down '));
  if (down) execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore' });
  const user = userInfo().username;
  if (asPostgres('psql', ['-tAc', `select 1 from pg_roles where rolname='${user}'`]).trim() !== '1') {
    asPostgres('psql', ['-c', `CREATE ROLE "${user}" LOGIN CREATEDB`]);
  }
  asPostgres('psql', ['-c', `DROP DATABASE IF EXISTS ${database}`]);
  asPostgres('createdb', ['-O', user, database]);
  return { url: `postgresql://${user}@localhost/${database}?host=/var/run/postgresql`, startedCluster: down };
};

export const stopPostgres = (version: string) =>
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'stop'], { stdio: 'ignore' });

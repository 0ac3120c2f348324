import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The order files are copied in. Each file is a consistent snapshot of itself, but they are taken
 * one after another while the server writes, so the order makes the set consistent too: what is
 * derived from the log (read models, checkpoints, positions) is copied before the log, so no
 * checkpoint is ahead of the restored log (a restored projector re-applies the gap); the keys come
 * after the log, so every event in the copy finds the key it was sealed with.
 */
const BEFORE_THE_LOG = ['checkpoints.db', 'read-models.db', 'driver-positions.db', 'dead-letters.db'];
const THE_LOG = 'events.db';
const AFTER_THE_LOG = ['personal-data-keys.db'];
/** Plain files copied as they are (the development signing key, so restored tokens stay valid). */
const PLAIN_FILES = ['dev-signing-key.json'];
const MANIFEST = 'backup.json';

export type BackupManifest = { createdAt: string; files: Array<{ file: string; bytes: number }> };

const orderOf = (files: string[]): string[] => {
  const known = [...BEFORE_THE_LOG, THE_LOG, ...AFTER_THE_LOG];
  const others = files.filter((file) => !known.includes(file)).sort();
  return [...BEFORE_THE_LOG, ...others, THE_LOG, ...AFTER_THE_LOG].filter((file) => files.includes(file));
};

/** Pages per step after the first: the rest in one step, inside one read transaction, so a busy writer cannot keep restarting it. */
const ALL_AT_ONCE = 1 << 30;

/**
 * Copies every embedded SQLite store of `dataDir` into `targetDir` with SQLite's online backup API,
 * consistent while the server keeps writing (readers and writers in other processes go on: WAL).
 */
export const backupDataDir = async (dataDir: string, targetDir: string, now = new Date()): Promise<BackupManifest> => {
  if (existsSync(targetDir) && readdirSync(targetDir).length > 0) throw new Error(`${targetDir} is not empty; back up into a new directory`);
  mkdirSync(targetDir, { recursive: true });
  const databases = orderOf(readdirSync(dataDir).filter((file) => file.endsWith('.db')));
  if (!databases.includes(THE_LOG))
    throw new Error(`${dataDir} holds no ${THE_LOG}: is DATA_DIR right, or is the log on EventStoreDB (see docs/operations.md)?`);
  const files: BackupManifest['files'] = [];
  for (const file of databases) {
    const source = new Database(join(dataDir, file), { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      await source.backup(join(targetDir, file), { progress: () => ALL_AT_ONCE });
    } finally {
      source.close();
    }
    files.push({ file, bytes: statSync(join(targetDir, file)).size });
  }
  for (const file of PLAIN_FILES.filter((name) => existsSync(join(dataDir, name)))) {
    copyFileSync(join(dataDir, file), join(targetDir, file));
    files.push({ file, bytes: statSync(join(targetDir, file)).size });
  }
  const manifest = { createdAt: now.toISOString(), files };
  writeFileSync(join(targetDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
};

/**
 * Puts a backup in place as `dataDir`. The server must be stopped. A DATA_DIR that already holds
 * stores is refused unless `force`: a restore replaces them, and their WAL files go too (a WAL
 * left beside a restored file would be replayed onto it).
 */
export const restoreDataDir = (backupDir: string, dataDir: string, options: { force?: boolean } = {}): BackupManifest => {
  const manifestFile = join(backupDir, MANIFEST);
  if (!existsSync(manifestFile)) throw new Error(`${backupDir} has no ${MANIFEST}: not a backup taken by \`backup\``);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
  mkdirSync(dataDir, { recursive: true });
  const present = readdirSync(dataDir).filter((file) => file.endsWith('.db'));
  if (present.length > 0 && !options.force)
    throw new Error(`${dataDir} already holds ${present.join(', ')}; stop the server and pass --force to replace them`);
  for (const file of present) for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `${file}${suffix}`), { force: true });
  for (const { file } of manifest.files) copyFileSync(join(backupDir, file), join(dataDir, file));
  return manifest;
};

import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A follower owns its checkpoint: it resumes from it and saves what its handler says is safe
 * (checkpointed-follower.ts). A worker that saved its own would bypass that, and a hand-built
 * name is how the metrics once read a checkpoint nobody wrote. Every call that writes a
 * checkpoint in src is listed here with the reason it may.
 */
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

const WRITES = /\.(saveCheckpoint|commitAll|commit|replaceCollections|resetCheckpoint|renameCheckpoint)\s*\(/g;

/** Files allowed to write checkpoints, by path under src (a folder ends in `/`). */
const ALLOWED: Record<string, string> = {
  'application/log-follower/checkpointed-follower.ts': 'the follower saves what its handler answers',
  'projections/projection-runner.ts': "the runner follower's save is the read store's commit of documents and checkpoints",
  'projections/rebuild.ts': 'a rebuild writes its own rebuild: checkpoints, then hands the live model its position with the swap',
  'projections/notifications/notification-retention.ts': 'deletes old threads in a commit that leaves the checkpoint where it is',
  'infrastructure/http/sse/offer-board.ts': 'the offer board follows the live tail, not a LogFollower, and owns its live: checkpoint',
  'infrastructure/read-store/': 'the read store adapters implement the port',
  'infrastructure/privacy/sealing-read-store.ts': 'a read store decorator: seals personal fields, then commits through the store it wraps',
  'infrastructure/checkpoints/': 'the checkpoint store adapter and the rename of legacy names when a store is opened',
};

const tsFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** `file: call` for every checkpoint write in src. */
const checkpointWrites = (): string[] =>
  tsFilesUnder(SRC).flatMap((file) => {
    const path = relative(SRC, file).split('\\').join('/');
    return [...withoutComments(readFileSync(file, 'utf8')).matchAll(WRITES)].map((match) => `${path}: ${match[1]}`);
  });

const isAllowed = (write: string) => Object.keys(ALLOWED).some((allowed) => write.startsWith(allowed.endsWith('/') ? allowed : `${allowed}:`));

describe('Checkpoint ownership', () => {
  it('finds the checkpoint writes it allows, so it is looking in the right place', () => {
    const writes = checkpointWrites();
    expect(writes).to.include('application/log-follower/checkpointed-follower.ts: saveCheckpoint');
    expect(writes).to.include('projections/projection-runner.ts: commitAll');
  });

  it('lets nothing but a follower write its checkpoint', () => {
    expect(checkpointWrites().filter((write) => !isAllowed(write))).to.deep.equal([]);
  });
});

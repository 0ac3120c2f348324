import { LRUCache } from 'lru-cache';

/**
 * The last revision of recently used streams, as this connection last saw it, so that reading a
 * stream from a revision after it (what the command handler does for a stream whose fold it
 * keeps) answers "nothing new" without a query: 5 % of a command's CPU in a profile went to
 * such reads, most of them empty. What this connection appends it notes after the commit.
 * Another connection (another process on the same file) may append too: SQLite's
 * `PRAGMA data_version` changes when any other connection committed, and then everything noted
 * is forgotten and the next reads query again.
 */
export class LastRevisions {
  private readonly revisions = new LRUCache<string, number>({ max: 100_000 });
  private seenVersion: number | undefined;

  /** `dataVersion`: the connection's `PRAGMA data_version`. */
  constructor(private readonly dataVersion: () => number) {}

  /** True when the stream is known to end before `fromRevision`, so a read from it finds nothing. */
  knownBelow(streamName: string, fromRevision: number): boolean {
    this.forgetIfOthersWrote();
    const last = this.revisions.get(streamName);
    return last !== undefined && last < fromRevision;
  }

  /**
   * The stream's last revision now (-1: no stream), just read or appended by this connection.
   * Not noted if another connection committed since the last look: it may have appended to this
   * very stream after our read or commit, and a stale note would hide that from every later read.
   */
  note(streamName: string, revision: number): void {
    if (this.forgetIfOthersWrote()) this.revisions.set(streamName, revision);
  }

  forget(streamName: string): void {
    this.revisions.delete(streamName);
  }

  /** False when another connection committed since the last look (and everything noted is gone). */
  private forgetIfOthersWrote(): boolean {
    const version = this.dataVersion();
    if (version === this.seenVersion) return true;
    this.seenVersion = version;
    this.revisions.clear();
    return false;
  }
}

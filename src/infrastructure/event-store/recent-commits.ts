/** A row as the events table gives it: position, stream, revision, event id, type, data and metadata as stored. */
export type StoredRow = [position: number, streamName: string, revision: number, eventId: string, type: string, data: string, metadata: string];

/**
 * The rows this connection committed last, while they follow one another in the log: a reader
 * of the log's tail in this process (the live followers read every event just after it is
 * appended) gets them from here instead of querying them back. Only a run of positions with no
 * gap is kept — a commit by another process in between starts a new run — so what is answered
 * from here is exactly what the table holds there; anything before the run goes to the table.
 * A read that reaches the run's end is answered from here only while no other connection has
 * committed since the run's last commit (SQLite's `data_version`, read inside that transaction,
 * is unchanged): then the run's end is the log's end.
 */
export class RecentCommits {
  private rows: StoredRow[] = [];
  private version = Number.NaN;

  constructor(private readonly maxRows = 4_096) {}

  /** The rows of one commit, in position order, and the connection's `data_version` inside it. */
  committed(rows: readonly StoredRow[], version: number): void {
    const first = rows[0];
    if (!first) return;
    this.version = version;
    const last = this.rows.at(-1);
    if (!last || last[0] + 1 !== first[0]) this.rows = [];
    this.rows.push(...rows);
    if (this.rows.length > this.maxRows) this.rows.splice(0, this.rows.length - this.maxRows);
  }

  /** The rows after `after`, at most `maxCount`, when this is sure to be all the table has there; else undefined (ask it). */
  after(after: number, maxCount: number, currentVersion: () => number): StoredRow[] | undefined {
    const first = this.rows[0];
    if (!first || after < first[0] - 1) return undefined;
    const from = after - first[0] + 1;
    if (from >= this.rows.length) return undefined;
    const rows = this.rows.slice(from, from + maxCount);
    return rows.length === maxCount || currentVersion() === this.version ? rows : undefined;
  }
}

import type { ProjectionCommit, ReadStore } from '../../src/application/ports/read-store.js';

/** Keeps a copy of every batch the read store commits (and still commits it): what a spec counts. */
export const recordCommits = (readStore: Pick<ReadStore, 'commitAll'>): ProjectionCommit[][] => {
  const commits: ProjectionCommit[][] = [];
  const commitAll = readStore.commitAll.bind(readStore);
  readStore.commitAll = (batch) => {
    commits.push([...batch]);
    return commitAll(batch);
  };
  return commits;
};

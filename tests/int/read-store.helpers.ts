import { expect } from 'chai';
import type { DocumentChange, ReadDocument } from '../../src/application/ports/read-store.js';

/** Shorthands shared by the read-store contract files. */
export const upsert = (collection: string, document: ReadDocument, position: number): DocumentChange => ({
  kind: 'upsert',
  collection,
  document,
  position,
});

export const remove = (collection: string, id: string, position: number): DocumentChange => ({
  kind: 'delete',
  collection,
  id,
  position,
});

export const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected a rejection');
};

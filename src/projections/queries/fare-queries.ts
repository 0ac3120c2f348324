import type { ReadStore } from '../../application/ports/read-store.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { type Receipt, receiptsProjection } from '../receipts/receipts.projection.js';

/** Receipts, from the receipts read model. (What a passenger owes is decided on their stream.) */
export class FareQueries {
  constructor(private readonly readStore: ReadStore) {}

  async receipt(callId: string): Promise<Omit<Receipt, 'id' | 'position'>> {
    const receipt = await this.readStore.get<Receipt>(receiptsProjection.collection, callId);
    if (!receipt) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
    const { id: _id, position: _position, ...rest } = receipt;
    return rest;
  }
}

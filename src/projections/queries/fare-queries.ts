import type { ReadStore } from '../../application/ports/read-store.js';
import type { UnpaidRides } from '../../application/ports/unpaid-rides.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { type Receipt, receiptsProjection } from '../receipts/receipts.projection.js';

/** Receipts and unpaid rides, from the receipts read model. */
export class FareQueries implements UnpaidRides {
  constructor(private readonly readStore: ReadStore) {}

  async receipt(callId: string): Promise<Omit<Receipt, 'id' | 'position'>> {
    const receipt = await this.readStore.get<Receipt>(receiptsProjection.collection, callId);
    if (!receipt) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
    const { id: _id, position: _position, ...rest } = receipt;
    return rest;
  }

  /** A ride an operator cancelled is owed by nobody, whatever its payment's state. */
  async unpaidRideOf(passengerId: string): Promise<{ callId: string; paymentId: string } | null> {
    const [unpaid] = await this.readStore.find<Receipt>(
      receiptsProjection.collection,
      { passengerId, 'payment.status': 'FAILED', cancelledAt: null },
      { limit: 1 },
    );
    return unpaid?.payment ? { callId: unpaid.callId, paymentId: unpaid.payment.paymentId } : null;
  }
}

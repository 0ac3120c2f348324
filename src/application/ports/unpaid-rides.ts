/**
 * The passenger's rides whose payment FAILED and was neither paid again nor waived: a passenger
 * who owes one may not request another. Answered by a read model, so a failure is seen a moment
 * after it is recorded; the failure itself comes long after the ride, so nothing races it.
 */
export interface UnpaidRides {
  unpaidRideOf(passengerId: string): Promise<{ callId: string; paymentId: string } | null>;
}

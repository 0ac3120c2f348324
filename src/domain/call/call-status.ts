/**
 * Every status a call shows its readers, in the order a ride goes through them. The read models,
 * the HTTP schemas and the console all take the list from here, so a new status is added once.
 */
export const CALL_STATUSES = ['REQUESTED', 'DISPATCHED', 'DRIVING', 'FINISHED', 'CANCELLED', 'NO_DRIVER_FOUND'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

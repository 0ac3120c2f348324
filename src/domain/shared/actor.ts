export type ActorRole = 'passenger' | 'driver' | 'operator' | 'system';

/** Who issued a command. Sagas act as `system`; the HTTP layer fills it from the caller. */
export type Actor = { role: ActorRole; id: string };

export const systemActor = (process: string): Actor => ({ role: 'system', id: process });

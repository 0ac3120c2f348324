import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';

/**
 * Erasure — a person's right to be forgotten (GDPR art. 17, PIPA art. 36) in an append-only log.
 * The personal fields of their events are encrypted with a key of their own; erasing destroys the
 * key (crypto-shredding) and records this fact, which every read model follows by scrubbing the
 * person's documents, live or in a rebuild. Ids, fares and times stay, so counts still add up.
 */
export type PersonKind = 'passenger' | 'driver';

export type PersonalDataErased = DomainEvent<'PersonalDataErased', { kind: PersonKind; personId: string; erasedAt: string }>;
export type ErasureEvent = PersonalDataErased;

/** `openCallIds` are looked up before deciding: a person in the middle of a ride cannot vanish from it. */
export type ErasePerson = { type: 'ErasePerson'; data: { kind: PersonKind; personId: string; openCallIds: readonly string[]; erasedAt: string } };
export type ErasureCommand = ErasePerson;

export type ErasureState = { status: 'present' } | { status: 'erased'; erasedAt: string };

export const decide = (command: ErasureCommand, state: ErasureState): ErasureEvent[] => {
  switch (command.type) {
    case 'ErasePerson': {
      const { kind, personId, openCallIds, erasedAt } = command.data;
      if (state.status === 'erased') return [];
      if (openCallIds.length > 0) {
        const details = { [`${kind}Id`]: personId, callIds: [...openCallIds] };
        throw kind === 'passenger'
          ? new DomainError('PASSENGER_HAS_OPEN_CALL', 'Finish or cancel the open call before erasing the passenger', details)
          : new DomainError('DRIVER_BUSY', 'The driver is on an active ride and cannot be removed now', details);
      }
      return [{ type: 'PersonalDataErased', data: { kind, personId, erasedAt } }];
    }
    default:
      return assertNever(command.type);
  }
};

export const evolve = (state: ErasureState, event: ErasureEvent): ErasureState => {
  switch (event.type) {
    case 'PersonalDataErased':
      return state.status === 'erased' ? state : { status: 'erased', erasedAt: event.data.erasedAt };
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
};

export const initialState = (): ErasureState => ({ status: 'present' });

export const erasureDecider: Decider<ErasureCommand, ErasureEvent, ErasureState> = { decide, evolve, initialState };
export const erasureStream = (kind: PersonKind, personId: string) => `erasure-${kind}-${personId}`;

/** The erasure fact as any reader of the log sees it, or null for every other event. */
export const erasureOf = (event: { type: string; data: object }): PersonalDataErased['data'] | null => {
  if (event.type !== 'PersonalDataErased') return null;
  const data = event.data as Partial<PersonalDataErased['data']>;
  return (data.kind === 'passenger' || data.kind === 'driver') && typeof data.personId === 'string' && typeof data.erasedAt === 'string'
    ? { kind: data.kind, personId: data.personId, erasedAt: data.erasedAt }
    : null;
};

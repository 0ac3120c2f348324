import { send } from '../aggregates.js';
import { driverDecider, driverStream } from '../../domain/driver/driver.js';
import { erasureDecider, erasureStream, type ErasePerson, type PersonKind } from '../../domain/privacy/erasure.js';
import { subjectOf } from '../../domain/privacy/personal-data.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { openCallOfPassenger } from '../call/one-open-call.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { Clock } from '../ports/clock.js';
import type { PersonalDataKeys } from '../ports/personal-data-keys.js';

export type ErasureDependencies = {
  commands: CommandHandler;
  keys: PersonalDataKeys;
  clock: Clock;
};

/** A person's open call is on their own stream (the write side knows it for sure, whatever the read side lags). */
const openCallsOf = async (deps: ErasureDependencies, kind: PersonKind, personId: string, erased: boolean): Promise<string[]> => {
  if (kind === 'passenger') {
    const open = await openCallOfPassenger(deps.commands, personId, deps.clock.now());
    return open ? [open] : [];
  }
  const driver = (await deps.commands.load(driverDecider, driverStream(personId))).state;
  if (driver.status === 'unregistered' && !erased)
    throw new DomainError('DRIVER_NOT_FOUND', `Driver ${personId} does not exist`, { driverId: personId });
  return driver.status !== 'unregistered' && driver.currentCallId ? [driver.currentCallId] : [];
};

/**
 * Erases a person: decide first (an open call refuses), then destroy the key, then record the
 * erasure, which every read model follows. The key goes before the event: a crash in between
 * leaves the data unreadable already, and a retry (always safe) records the event. A repeated
 * erasure destroys the (already destroyed) key again and appends nothing.
 */
export const erasePerson = async (deps: ErasureDependencies, kind: PersonKind, personId: string, caller: Caller) => {
  const now = deps.clock.now();
  const stream = erasureStream(kind, personId);
  const before = (await deps.commands.load(erasureDecider, stream)).state;
  const openCallIds = await openCallsOf(deps, kind, personId, before.status === 'erased');
  const command: ErasePerson = { type: 'ErasePerson', data: { kind, personId, openCallIds, erasedAt: now.toISOString() } };
  erasureDecider.decide(command, before);
  await deps.keys.destroy(subjectOf(kind, personId), command.data.erasedAt);
  const result = await send(deps.commands, { aggregate: 'erasure', id: personId, command }, contextFor(caller, `${kind}-${personId}`, now));
  const erasedAt = result.events[0]?.data.erasedAt ?? (before.status === 'erased' ? before.erasedAt : command.data.erasedAt);
  return { erasedAt, position: result.position };
};

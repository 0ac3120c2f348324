import { isDeepStrictEqual } from 'node:util';
import type { EventStore, RecordedEvent } from '../../../src/application/ports/event-store.js';
import { type DispatchCommand, type DispatchEvent, type DispatchState, dispatchDecider } from '../../../src/domain/dispatch/dispatch.js';
import { type DriverCommand, type DriverEvent, type DriverState, driverDecider } from '../../../src/domain/driver/driver.js';
import { type DrivingEvent, drivingDecider } from '../../../src/domain/driving/driving.js';
import type { Decider, DomainEvent } from '../../../src/domain/shared/decider.js';

/**
 * Is a stored stream a history its decider could have produced? Each event is re-decided: the
 * command that would have produced it is rebuilt from the event and decided against the state
 * folded from the events before it. A stream that a race corrupted (two accepts, a start after a
 * cancel) fails here, whatever the read models or HTTP answers said.
 */
const replayDecisions = <Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  stream: string,
  events: readonly RecordedEvent[],
  commandOf: (event: Event, state: State) => Command | null,
): string[] => {
  const problems: string[] = [];
  let state = decider.initialState();
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as Event;
    const command = commandOf(event, state);
    if (command) {
      try {
        const decided = decider.decide(command, state);
        if (!decided.some((candidate) => candidate.type === event.type))
          problems.push(`${stream}@${recorded.revision}: ${event.type} would not be decided from ${JSON.stringify(state)}`);
      } catch (error) {
        problems.push(`${stream}@${recorded.revision}: ${event.type} contradicts its history (${(error as Error).message})`);
      }
    }
    state = decider.evolve(state, event);
  }
  return problems;
};

const dispatchCommandOf = (event: DispatchEvent): DispatchCommand | null => {
  switch (event.type) {
    case 'DriverAccepted':
      return { type: 'AcceptCall', data: event.data };
    case 'DispatchCancelled': {
      const { driverId: _decided, ...data } = event.data;
      return { type: 'CancelDispatch', data };
    }
    case 'DispatchCompleted':
      return { type: 'CompleteDispatch', data: event.data };
    default:
      return null; // offers are not raced in these tests
  }
};

const driverCommandOf = (event: DriverEvent): DriverCommand | null => {
  switch (event.type) {
    case 'DriverAssigned':
      return { type: 'AssignDriver', data: event.data };
    case 'DriverReleased':
      return { type: 'ReleaseDriver', data: event.data };
    default:
      return null;
  }
};

export type CallHistory = { callId: string; dispatch: RecordedEvent[]; driving: RecordedEvent[] };

/** What must hold for one call, whatever the interleaving of accepts, cancels and starts. */
export const callHistoryProblems = ({ callId, dispatch, driving }: CallHistory): string[] => {
  const problems = replayDecisions<DispatchCommand, DispatchEvent, DispatchState>(dispatchDecider, `dispatch-${callId}`, dispatch, dispatchCommandOf);
  const of = (type: string) => dispatch.filter((event) => event.type === type);
  const accepted = of('DriverAccepted');
  if (accepted.length > 1) problems.push(`${callId}: ${accepted.length} DriverAccepted`);
  const firstCancel = of('DispatchCancelled')[0];
  const completed = of('DispatchCompleted')[0];
  if (firstCancel && completed && completed.position > firstCancel.position) problems.push(`${callId}: DispatchCompleted after DispatchCancelled`);
  if (
    firstCancel &&
    completed &&
    firstCancel.position > completed.position &&
    (firstCancel.data as { cancelledBy: string }).cancelledBy !== 'operator'
  ) {
    problems.push(`${callId}: a ${(firstCancel.data as { cancelledBy: string }).cancelledBy} cancelled a started ride`);
  }
  const completedBy = (completed?.data as { driverId?: string } | undefined)?.driverId;
  if (completed && completedBy !== (accepted[0]?.data as { driverId?: string } | undefined)?.driverId)
    problems.push(`${callId}: completed by ${completedBy}, who did not accept`);
  for (const started of driving.filter((event) => event.type === 'RideStarted')) {
    const driverId = (started.data as { driverId: string }).driverId;
    if (!completed || completedBy !== driverId || completed.position > started.position)
      problems.push(`${callId}: RideStarted by ${driverId} without a DispatchCompleted by that driver before it`);
  }
  const fold = driving.reduce(
    (state, event) => drivingDecider.evolve(state, { type: event.type, data: event.data } as DrivingEvent),
    drivingDecider.initialState(),
  );
  if (fold.status !== 'notStarted' && fold.driverId !== completedBy)
    problems.push(`${callId}: the ride is driven by ${fold.driverId}, the dispatch completed by ${completedBy}`);
  return problems;
};

/** A driver is never assigned to a second call before being released from the first. */
export const driverHistoryProblems = (driverId: string, events: readonly RecordedEvent[]): string[] => {
  const problems = replayDecisions<DriverCommand, DriverEvent, DriverState>(driverDecider, `driver-${driverId}`, events, driverCommandOf);
  let current: string | null = null;
  for (const event of events) {
    const { callId } = event.data as { callId?: string };
    if (event.type === 'DriverAssigned') {
      if (current && current !== callId) problems.push(`driver ${driverId}: assigned to ${callId} while on ${current}`);
      current = callId ?? null;
    }
    if (event.type === 'DriverReleased' && current === callId) current = null;
  }
  return problems;
};

export const readHistory = async (store: EventStore, callId: string): Promise<CallHistory> => ({
  callId,
  dispatch: await store.readStream(`dispatch-${callId}`),
  driving: await store.readStream(`driving-${callId}`),
});

/** The last call a driver's stream leaves them on, or null when free. */
export const currentCallOf = (events: readonly RecordedEvent[]) =>
  events.reduce((state, event) => driverDecider.evolve(state, { type: event.type, data: event.data } as DriverEvent), driverDecider.initialState());

export const sameDocuments = (a: readonly unknown[], b: readonly unknown[]) => isDeepStrictEqual(a, b);

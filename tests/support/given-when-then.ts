import { expect } from 'chai';
import { deepFreeze } from '../../src/application/deep-freeze.js';
import type { Decider } from '../../src/domain/shared/decider.js';
import { type DomainErrorCode, isDomainError } from '../../src/domain/shared/domain-error.js';

/**
 * Given/When/Then for a decider: the history is folded with `evolve`, the command is decided
 * against the resulting state, and the outcome is compared with what the test expects.
 *
 *   specification(dispatchDecider).given([accepted]).when(acceptByAnother).thenThrows('CALL_ALREADY_DISPATCHED');
 *
 * `decide` runs lazily inside `then…`, so a throw is always attributed to the expectation that
 * did not want it, with the command in the failure message.
 *
 * Every state and event is deep-frozen on the way: deciders must be pure, because the command
 * handler keeps folded states and folds newer events on top of them (a mutation would throw here).
 */
export type Expectations<Event> = {
  /** The command produces exactly these events, in this order. */
  then: (expected: Event[]) => void;
  /** The command is accepted but changes nothing (a retry, a no-op): `[]`. */
  thenNothing: () => void;
  /** The command is refused with a DomainError carrying this code. */
  thenThrows: (code: DomainErrorCode) => void;
};

export type Specification<Command, Event> = {
  given: (events: Event[]) => { when: (command: Command) => Expectations<Event> };
};

type Outcome<Event> = { kind: 'events'; events: Event[] } | { kind: 'error'; error: unknown };

const describeError = (error: unknown): string =>
  isDomainError(error) ? `DomainError ${error.code} (${error.message})` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const describeCommand = (command: unknown): string => JSON.stringify(command);

const frozenFold = <Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, history: Event[]): State =>
  history.reduce((state, event) => deepFreeze(decider.evolve(state, deepFreeze(structuredClone(event)))), deepFreeze(decider.initialState()));

export const specification = <Command, Event, State>(decider: Decider<Command, Event, State>): Specification<Command, Event> => ({
  given: (history) => ({
    when: (command) => {
      const run = (): Outcome<Event> => {
        const state = frozenFold(decider, history);
        try {
          return { kind: 'events', events: decider.decide(deepFreeze(structuredClone(command)), state) };
        } catch (error) {
          return { kind: 'error', error };
        }
      };

      const expectEvents = (expected: Event[]) => {
        const outcome = run();
        if (outcome.kind === 'error') {
          expect.fail(`Expected ${JSON.stringify(expected)} from ${describeCommand(command)}, but decide threw ${describeError(outcome.error)}`);
        }
        expect(outcome.events, `events decided for ${describeCommand(command)}`).to.deep.equal(expected);
      };

      return {
        then: expectEvents,
        thenNothing: () => expectEvents([]),
        thenThrows: (code) => {
          const outcome = run();
          if (outcome.kind === 'events') {
            expect.fail(`Expected DomainError ${code} from ${describeCommand(command)}, but decide returned ${JSON.stringify(outcome.events)}`);
          }
          if (!isDomainError(outcome.error)) {
            expect.fail(`Expected DomainError ${code} from ${describeCommand(command)}, but decide threw ${describeError(outcome.error)}`);
          }
          expect(outcome.error.code, `error code for ${describeCommand(command)}`).to.equal(code);
        },
      };
    },
  }),
});

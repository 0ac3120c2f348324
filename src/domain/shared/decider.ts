/**
 * The Decider pattern (J. Chassaing): an aggregate is three pure functions.
 * `decide` may throw a DomainError; `evolve` never throws and ignores what does not apply.
 */
export type Decider<Command, Event, State> = {
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
};

/** A domain event: a past-tense fact with a plain-data payload. */
export type DomainEvent<Type extends string = string, Data extends object = object> = {
  type: Type;
  data: Data;
};

export const fold = <Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: Iterable<Event>): State => {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/** Compile-time proof that a switch handled every member of a union. */
export const assertNever = (value: never): never => {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
};

import { expect } from 'chai';
import { Container } from 'inversify';
import { send } from '../../src/application/aggregates.js';
import type { CommandContext, CommandHandler } from '../../src/application/command-handler.js';
import { CLOCK, type Clock } from '../../src/application/ports/clock.js';
import { compositionModule, resolve } from '../../src/infrastructure/composition/binding.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';

/**
 * The wiring's types are its checks: each `@ts-expect-error` below fails the type-check
 * (`tsc`, `npm run lint`) as soon as the mistake it names compiles again.
 */
describe('Typed wiring', () => {
  const clock: Clock = { now: () => new Date(0) };

  it('resolves a service bound under its token as the token’s type', () => {
    const container = new Container();
    container.load(compositionModule((bind) => bind(CLOCK).toConstantValue(clock)));
    expect(resolve(container, CLOCK).now().toISOString()).to.equal('1970-01-01T00:00:00.000Z');
  });

  it('does not compile a service bound, forwarded or read as another type', () => {
    const wrongWiring = compositionModule((bind) => {
      // @ts-expect-error a logger-like value is no clock
      bind(CLOCK).toConstantValue({ info: () => undefined });
      // @ts-expect-error the lease owner (a string) cannot stand in for the config
      bind(TOKENS.Config).toService(TOKENS.LeaseOwner);
    });
    // @ts-expect-error the clock's token resolves a clock, not a string
    const readAsText = (container: Container): string => resolve(container, CLOCK);
    expect([wrongWiring, readAsText]).to.have.length(2);
  });

  it('does not compile a command sent to an aggregate that does not decide it', () => {
    const release = { type: 'ReleaseDriver', data: { driverId: 'd-1', callId: 'call-1', reason: 'RIDE_FINISHED', at: '' } } as const;
    const sendToTheCall = (commands: CommandHandler, context: CommandContext) =>
      // @ts-expect-error releasing a driver is the driver's command, not the call's
      send(commands, { aggregate: 'call', id: 'call-1', command: release }, context);
    expect(sendToTheCall).to.be.a('function');
  });
});

import type { BindToFluentSyntax, ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { Token } from '../../application/ports/token.js';
import { TOKENS } from '../tokens.js';

/**
 * Binds a service under its token: the value (or what a dynamic value makes, or the service it
 * forwards to) must be of the token's type. Inversify's own `bind` takes any identifier and any value.
 */
export type Bind = <Service>(id: Token<Service>) => Omit<BindToFluentSyntax<Service>, 'toService'> & { toService(service: Token<Service>): void };

/** A composition module whose bindings are checked against their tokens. */
export const compositionModule = (register: (bind: Bind) => void) =>
  new ContainerModule(({ bind }: ContainerModuleLoadOptions) => {
    register(<Service>(id: Token<Service>) => bind<Service>(id));
  });

/** What a container and a dynamic value's context have in common: resolving services. */
type Resolver = {
  get<Service>(id: ServiceIdentifier<Service>): Service;
  getAll<Service>(id: ServiceIdentifier<Service>): Service[];
};

/** The service bound under `id`, of the token's type. */
export const resolve = <Service>(from: Resolver, id: Token<Service>): Service => from.get<Service>(id);

/** Every service bound under `id` (a token bound more than once), in binding order. */
export const resolveAll = <Service>(from: Resolver, id: Token<Service>): Service[] => from.getAll<Service>(id);

/** The process's logger, for one component (`dispatch`, `workers`, …): every line says which. */
export const loggerFor = (from: Resolver, component: string): Logger => resolve(from, TOKENS.Logger).child({ component });

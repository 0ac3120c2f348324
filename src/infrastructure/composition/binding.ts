import type { ContainerModuleLoadOptions, ResolutionContext } from 'inversify';
import type { Logger } from 'pino';
import { TOKENS } from '../tokens.js';

/** What a composition module binds with. */
export type Bind = ContainerModuleLoadOptions['bind'];

/** The process's logger, for one component (`dispatch`, `workers`, …): every line says which. */
export const loggerFor = (ctx: ResolutionContext, component: string): Logger => ctx.get<Logger>(TOKENS.Logger).child({ component });

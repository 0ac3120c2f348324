import type { Response } from 'express';
import type { ReadModelFreshness } from '../../application/queries/read-model-freshness.js';
import type { Projection, ReadModelDocument } from '../../projections/projection.js';
import { HttpError } from './errors.js';

/** A read model a route answers from, named by its definition (`dashboardProjection`), never by a string. */
export type ReadModel = Pick<Projection<ReadModelDocument>, 'name'>;

/** How long a read waits for its read models: `maxWaitMs` for an explicit `minPosition`, `implicitWaitMs` for the log's head. */
export type ReadWaits = {
  freshness: Pick<ReadModelFreshness, 'waitFor'>;
  maxWaitMs: number;
  /** Short, so a down projector costs a read little. */
  implicitWaitMs: number;
};

/** 503 with Retry-After: the client asked for a position this read model has not reached yet. */
export const readModelBehind = (projection: string, minPosition?: number) =>
  new HttpError(
    503,
    'READ_MODEL_BEHIND',
    `The ${projection} read model has not reached ${minPosition === undefined ? "the log's head" : `position ${minPosition}`} yet; retry shortly`,
    { projection, ...(minPosition === undefined ? {} : { minPosition }) },
    { 'Retry-After': '1' },
  );

/** What a route reads, and whether an answer from a model behind the log would be wrong rather than stale. */
export type Reads = { models: readonly ReadModel[]; minPosition: number | undefined; staleIsWrong?: boolean };

/**
 * Read-your-writes: waits (bounded) until every model reached `minPosition`, or the log's head as of
 * now when none is given. An answer from before an asked position could be a false 404 or a missing
 * item, so that is a 503; one merely behind the head is served, marked `X-Read-Model-Stale`, unless
 * the route says a stale answer is a wrong one (an export that must hold every ride).
 */
export const waitForReadModels = async ({ models, minPosition, staleIsWrong = false }: Reads, waits: ReadWaits, res: Response) => {
  const strict = minPosition !== undefined || staleIsWrong;
  const timeoutMs = strict ? waits.maxWaitMs : waits.implicitWaitMs;
  const reached = await Promise.all(models.map((model) => waits.freshness.waitFor(model.name, minPosition ?? 'head', timeoutMs)));
  const behind = models.find((_model, index) => !reached[index]);
  if (!behind) return;
  if (strict) throw readModelBehind(behind.name, minPosition);
  res.set('X-Read-Model-Stale', 'true');
};

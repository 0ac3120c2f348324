import { Router } from 'express';
import { erasePerson, type ErasureDependencies } from '../../../application/privacy/erase-person.js';
import { preferencesOf } from '../../../application/preferences/set-preferences.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { PersonalDataQueries } from '../../../projections/queries/personal-data-export.js';
import { requireRole, requireSelfOrOperator } from '../authorization.js';
import { callerOf } from '../caller.js';
import { HttpError } from '../errors.js';
import { parse } from '../validation.js';
import { driverParamsSchema, passengerParamsSchema } from './personal-data.schemas.js';

export type PersonalDataRouteDependencies = {
  erasure: ErasureDependencies;
  queries: PersonalDataQueries;
  freshness: ReadModelFreshness;
  /** How long an export waits for the read models to reach the log's head. */
  waitMs: number;
};

/**
 * The rights of the person: erasure (crypto-shredding) and access (export). An erasure is a
 * command: the open call that refuses it is on the person's own stream. An export reads the read
 * side, which must have every ride, so a read model that cannot catch up in time answers 503
 * READ_MODEL_BEHIND instead of a wrong answer.
 */
export const personalDataRoutes = (deps: PersonalDataRouteDependencies) => {
  const router = Router();

  const caughtUp = async (...models: string[]) => {
    for (const model of models) {
      if (!(await deps.freshness.waitFor(model, 'head', deps.waitMs))) {
        throw new HttpError(503, 'READ_MODEL_BEHIND', `The ${model} read model is behind the log; retry shortly`, undefined, { 'Retry-After': '2' });
      }
    }
  };

  router.delete('/passengers/:passengerId', async (req, res) => {
    const { passengerId } = parse(passengerParamsSchema, req.params, 'params');
    const actor = requireSelfOrOperator(res, 'passenger', passengerId);
    const { erasedAt } = await erasePerson(deps.erasure, 'passenger', passengerId, callerOf(req, actor));
    res.json({ passengerId, status: 'ERASED', erasedAt });
  });

  router.delete('/drivers/:driverId', async (req, res) => {
    const { driverId } = parse(driverParamsSchema, req.params, 'params');
    const actor = requireRole(res, 'operator');
    const { erasedAt } = await erasePerson(deps.erasure, 'driver', driverId, callerOf(req, actor));
    res.json({ driverId, status: 'ERASED', erasedAt });
  });

  router.get('/passengers/:passengerId/export', async (req, res) => {
    const { passengerId } = parse(passengerParamsSchema, req.params, 'params');
    requireSelfOrOperator(res, 'passenger', passengerId);
    await caughtUp('dashboard', 'notifications');
    // How the passenger is reached is on their own stream (the write side), the number included.
    const [exported, preferences] = await Promise.all([
      deps.queries.passengerExport(passengerId, deps.erasure.clock.now()),
      preferencesOf(deps.erasure.commands, 'passenger', passengerId),
    ]);
    res.json({ ...exported, preferences });
  });

  return router;
};

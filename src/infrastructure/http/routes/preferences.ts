import { Router } from 'express';
import { type PreferencesDependencies, setPreferences } from '../../../application/preferences/set-preferences.js';
import { requireSelfOrOperator } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { driverParamsSchema, passengerParamsSchema } from './personal-data.schemas.js';
import { preferencesBody } from './preferences.schemas.js';

/** How a person is reached (language, channel, number), set by the person or an operator. */
export const preferencesRoutes = (deps: PreferencesDependencies) => {
  const router = Router();

  router.put('/passengers/:passengerId/preferences', async (req, res) => {
    const { passengerId } = parse(passengerParamsSchema, req.params, 'params');
    const actor = requireSelfOrOperator(res, 'passenger', passengerId);
    const changes = parse(preferencesBody, req.body);
    res.json({ passengerId, ...(await setPreferences(deps, 'passenger', passengerId, changes, callerOf(req, actor))) });
  });

  router.put('/drivers/:driverId/preferences', async (req, res) => {
    const { driverId } = parse(driverParamsSchema, req.params, 'params');
    const actor = requireSelfOrOperator(res, 'driver', driverId);
    const changes = parse(preferencesBody, req.body);
    res.json({ driverId, ...(await setPreferences(deps, 'driver', driverId, changes, callerOf(req, actor))) });
  });

  return router;
};

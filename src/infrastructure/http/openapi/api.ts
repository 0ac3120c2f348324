import { asyncApiDocumentRoutes } from '../channel/asyncapi.js';
import { driverMessageRoutes } from '../channel/driver-messages.js';
import { metricsRoutes } from '../../metrics/http-metrics.js';
import { centreRoutes } from '../routes/centre.js';
import { consoleDocumentRoutes } from '../routes/console.js';
import { deadLetterDeskRoutes } from '../routes/dead-letters.js';
import { devTokenRoutes } from '../routes/dev-tokens.js';
import { driverViewRoutes } from '../routes/driver-views.js';
import { driverWorkRoutes } from '../routes/driver-work.js';
import { driverCommandRoutes, driverLocationRoutes } from '../routes/drivers.js';
import { probeRoutes } from '../routes/health.js';
import { operatorViewRoutes } from '../routes/operator-views.js';
import { paymentDeskRoutes } from '../routes/payments.js';
import { personalDataRoutes, preferencesRoutes } from '../routes/personal-data.js';
import { pickupStepRoutes } from '../routes/pickup-steps.js';
import { rideCommandRoutes } from '../routes/ride-commands.js';
import { rideQueryRoutes } from '../routes/ride-queries.js';
import { settlementRoutes } from '../routes/settlement.js';
import { streamTicketRoutes } from '../routes/stream-tickets.js';
import { operatorEventRoutes } from '../routes/operator-events.js';
import { tariffRoutes } from '../routes/tariffs.js';
import { docsPageRoutes, specRoutes } from './docs-routes.js';
import { ApiRegistry } from './registry.js';

/** Every feature's routes, in the order the document lists them. */
const FEATURES = [
  rideCommandRoutes,
  rideQueryRoutes,
  driverCommandRoutes,
  driverMessageRoutes,
  driverLocationRoutes,
  driverWorkRoutes,
  tariffRoutes,
  settlementRoutes,
  operatorViewRoutes,
  paymentDeskRoutes,
  deadLetterDeskRoutes,
  pickupStepRoutes,
  centreRoutes,
  driverViewRoutes,
  personalDataRoutes,
  preferencesRoutes,
  probeRoutes,
  metricsRoutes,
  specRoutes,
  asyncApiDocumentRoutes,
  consoleDocumentRoutes,
  docsPageRoutes,
  streamTicketRoutes,
  operatorEventRoutes,
];

/** Every route the API serves; `devTokens` when the development token endpoint is on (never in production). */
export const describeApi = (options: { devTokens: boolean }) =>
  new ApiRegistry().add(...[...FEATURES, ...(options.devTokens ? [devTokenRoutes] : [])].flatMap((feature) => feature.declarations));

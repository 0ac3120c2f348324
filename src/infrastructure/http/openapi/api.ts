import { asyncApiDocumentRoutes } from '../channel/asyncapi.js';
import { driverMessages } from '../channel/driver-messages.js';
import { metricsRoutes } from '../../metrics/http-metrics.js';
import { centreRoutes } from '../routes/centre.js';
import { consoleDocuments } from '../routes/console.js';
import { deadLetterDesk } from '../routes/dead-letters.js';
import { devTokens } from '../routes/dev-tokens.js';
import { driverViews } from '../routes/driver-views.js';
import { driverWork } from '../routes/driver-work.js';
import { driverCommands, driverLocation } from '../routes/drivers.js';
import { probes } from '../routes/health.js';
import { operatorViews } from '../routes/operator-views.js';
import { paymentDesk } from '../routes/payments.js';
import { personalDataRoutes, preferencesRoutes } from '../routes/personal-data.js';
import { pickupSteps } from '../routes/pickup-steps.js';
import { rideCommands } from '../routes/ride-commands.js';
import { rideQueries } from '../routes/ride-queries.js';
import { settlementRoutes } from '../routes/settlement.js';
import { streamTicketRoutes } from '../routes/stream-tickets.js';
import { tariffs } from '../routes/tariffs.js';
import { docsPageRoutes, specRoutes } from './docs-routes.js';
import { ApiRegistry } from './registry.js';

/** Every feature's routes, in the order the document lists them. */
const FEATURES = [
  rideCommands,
  rideQueries,
  driverCommands,
  driverMessages,
  driverLocation,
  driverWork,
  tariffs,
  settlementRoutes,
  operatorViews,
  paymentDesk,
  deadLetterDesk,
  pickupSteps,
  centreRoutes,
  driverViews,
  personalDataRoutes,
  preferencesRoutes,
  probes,
  metricsRoutes,
  specRoutes,
  asyncApiDocumentRoutes,
  consoleDocuments,
  docsPageRoutes,
  streamTicketRoutes,
];

/** Every route the API serves; `devTokens` when the development token endpoint is on (never in production). */
export const describeApi = (options: { devTokens: boolean }) =>
  new ApiRegistry().add(...[...FEATURES, ...(options.devTokens ? [devTokens] : [])].flatMap((feature) => feature.declarations));

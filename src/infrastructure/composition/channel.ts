import type { Router } from 'express';
import type { ResolutionContext } from 'inversify';
import { type ReportLocationDependencies, reportLocations } from '../../application/driver/report-location.js';
import { CLOCK } from '../../application/ports/clock.js';
import { DRIVER_POSITIONS } from '../../application/ports/driver-positions.js';
import { RIDE_TRACKS } from '../../application/ports/ride-tracks.js';
import type { Config } from '../config/config.js';
import { channelCapacity, openFileLimit } from '../http/channel/channel-capacity.js';
import { channelMetrics } from '../http/channel/channel-metrics.js';
import { DriverChannel } from '../http/channel/driver-channel.js';
import { DriverUpdates } from '../http/channel/driver-updates.js';
import { driverMessageRoutes } from '../http/channel/driver-messages.js';
import { PingGatherer } from '../http/channel/ping-gatherer.js';
import { TOKENS } from '../tokens.js';
import { loggerFor, resolve, compositionModule } from './binding.js';

/** One path for a ping, whether it came as PUT …/location or on the driver channel. */
export const locationDependencies = (ctx: ResolutionContext): ReportLocationDependencies => {
  const feed = resolve(ctx, TOKENS.AvailabilityFeed);
  return {
    commands: resolve(ctx, TOKENS.CommandHandler),
    clock: resolve(ctx, CLOCK),
    positions: resolve(ctx, DRIVER_POSITIONS),
    tracks: resolve(ctx, RIDE_TRACKS),
    knownOnline: (driverId) => feed.isOnline(driverId),
  };
};

/** The drivers' WebSocket channel: started and stopped with HTTP (server.ts), in the roles that serve the API. */
export const channelModule = (config: Config) =>
  compositionModule((bind) => {
    bind<DriverUpdates>(TOKENS.DriverUpdates).toDynamicValue(
      (ctx) =>
        new DriverUpdates({
          tail: resolve(ctx, TOKENS.LogTail),
          board: resolve(ctx, TOKENS.OfferBoard),
          commands: resolve(ctx, TOKENS.CommandHandler),
          logger: loggerFor(ctx, 'driver-channel'),
        }),
    );
    bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => driverMessageRoutes.router(resolve(ctx, TOKENS.DriverUpdates)));
    bind<DriverChannel>(TOKENS.DriverChannel).toDynamicValue((ctx) => {
      const logger = loggerFor(ctx, 'driver-channel');
      const location = locationDependencies(ctx);
      const updates = resolve(ctx, TOKENS.DriverUpdates);
      const open = { count: () => 0 };
      const capacity = channelCapacity(config.CHANNEL_MAX_OPEN, openFileLimit());
      const observer = channelMetrics(resolve(ctx, TOKENS.Metrics), { open: () => open.count(), capacity });
      const pings = new PingGatherer((batch) => reportLocations(location, batch), logger, observer);
      const channel = new DriverChannel(
        {
          verifier: resolve(ctx, TOKENS.TokenVerifier),
          updates,
          pings,
          rateLimit: {
            perSecond: config.CHANNEL_PINGS_PER_SECOND,
            burst: config.CHANNEL_PING_BURST,
            closeAfterDropsPerSecond: 20 * config.CHANNEL_PINGS_PER_SECOND,
          },
          authTimeoutMs: config.CHANNEL_AUTH_TIMEOUT_MS,
          logger,
          observer,
        },
        { maxOpen: capacity },
      );
      open.count = () => channel.openChannels;
      return channel;
    });
  });

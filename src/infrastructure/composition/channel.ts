import type { Router } from 'express';
import { ContainerModule, type ResolutionContext } from 'inversify';
import type { CommandHandler } from '../../application/command-handler.js';
import { type ReportLocationDependencies, reportLocations } from '../../application/driver/report-location.js';
import { CLOCK, type Clock } from '../../application/ports/clock.js';
import { DRIVER_POSITIONS, type DriverPositions } from '../../application/ports/driver-positions.js';
import { RIDE_TRACKS, type RideTracks } from '../../application/ports/ride-tracks.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Config } from '../config/config.js';
import type { DriverAvailabilityFeed } from '../geo/driver-availability-feed.js';
import { channelMetrics } from '../http/channel/channel-metrics.js';
import { DriverChannel } from '../http/channel/driver-channel.js';
import { DriverUpdates } from '../http/channel/driver-updates.js';
import { driverMessageRoutes } from '../http/channel/driver-messages.js';
import { PingGatherer } from '../http/channel/ping-gatherer.js';
import type { Metrics } from '../metrics/metrics.js';
import { TOKENS } from '../tokens.js';
import { loggerFor } from './binding.js';

/** One path for a ping, whether it came as PUT …/location or on the driver channel. */
export const locationDependencies = (ctx: ResolutionContext): ReportLocationDependencies => {
  const feed = ctx.get<DriverAvailabilityFeed>(TOKENS.AvailabilityFeed);
  return {
    commands: ctx.get<CommandHandler>(TOKENS.CommandHandler),
    clock: ctx.get<Clock>(CLOCK),
    positions: ctx.get<DriverPositions>(DRIVER_POSITIONS),
    tracks: ctx.get<RideTracks>(RIDE_TRACKS),
    knownOnline: (driverId) => feed.isOnline(driverId),
  };
};

/** The drivers' WebSocket channel: started and stopped with HTTP (server.ts), in the roles that serve the API. */
export const channelModule = (config: Config) =>
  new ContainerModule(({ bind }) => {
    bind<DriverUpdates>(TOKENS.DriverUpdates).toDynamicValue(
      (ctx) =>
        new DriverUpdates({
          tail: ctx.get(TOKENS.LogTail),
          board: ctx.get(TOKENS.OfferBoard),
          commands: ctx.get<CommandHandler>(TOKENS.CommandHandler),
          logger: loggerFor(ctx, 'driver-channel'),
        }),
    );
    bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => driverMessageRoutes.router(ctx.get<DriverUpdates>(TOKENS.DriverUpdates)));
    bind<DriverChannel>(TOKENS.DriverChannel).toDynamicValue((ctx) => {
      const logger = loggerFor(ctx, 'driver-channel');
      const location = locationDependencies(ctx);
      const updates = ctx.get<DriverUpdates>(TOKENS.DriverUpdates);
      const open = { count: () => 0 };
      const observer = channelMetrics(ctx.get<Metrics>(TOKENS.Metrics), () => open.count());
      const pings = new PingGatherer((batch) => reportLocations(location, batch), logger, observer);
      const channel = new DriverChannel({
        verifier: ctx.get<TokenVerifier>(TOKENS.TokenVerifier),
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
      });
      open.count = () => channel.openChannels;
      return channel;
    });
  });

import { Container } from 'inversify';
import type { Config } from './config/config.js';
import { channelModule } from './composition/channel.js';
import { dispatchModule } from './composition/dispatch.js';
import { followerModule } from './composition/followers.js';
import { httpModule } from './composition/http.js';
import { type CompositionOverrides, type Platform, openPlatform, platformModule } from './composition/platform.js';
import { useCaseModule } from './composition/use-cases.js';
import { checkpointNames } from '../application/ports/checkpoint-store.js';
import { DEAD_LETTER_STORE } from '../application/ports/dead-letter-store.js';
import { READ_MODELS } from '../projections/read-models.js';
import { followerProgress, projectionProgress } from './metrics/projection-progress.js';
import { resolve } from './composition/binding.js';

export type { CompositionOverrides } from './composition/platform.js';

/**
 * Gauges read when /metrics is scraped: each read model's and each other follower's progress, read
 * where they save it, and the parked notifications.
 */
const registerGauges = (container: Container, { metrics, eventStore, readStore, checkpoints, clock }: Platform) => {
  for (const { name } of READ_MODELS) {
    const checkpoint = checkpointNames.readModel(name);
    metrics.registerProjectionLag(name, async () => projectionProgress(eventStore, clock, await readStore.getCheckpoint(checkpoint)));
  }
  metrics.registerFollowerProgress(() => followerProgress(checkpoints, eventStore, clock));
  metrics.registerDeadLetters(() => resolve(container, DEAD_LETTER_STORE).count());
};

/**
 * The one place that knows every concrete class (docs/architecture.md, "Where things are wired").
 * It opens the stores, then binds every adapter, use-case dependency, follower and router in the
 * modules of composition/; each is constructed there, on first resolution, once per process. The
 * container is resolved only at the entry points: a role's start (roles/start-role.ts) and main.
 */
export const compose = async (config: Config, overrides: CompositionOverrides = {}): Promise<Container> => {
  const platform = await openPlatform(config, overrides);
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(
    platformModule(platform),
    useCaseModule(config),
    dispatchModule(config),
    followerModule(config),
    httpModule(config),
    channelModule(config),
  );
  registerGauges(container, platform);
  return container;
};

import type { Command } from 'commander';
import { pino } from 'pino';
import { replayDeadLetter } from '../../application/notifications/replay-dead-letter.js';
import { systemClock } from '../../application/ports/clock.js';
import { loadConfig } from '../config/config.js';
import { openDeadLetterStore } from '../notifications/open-dead-letter-store.js';
import { openNotifier } from '../composition/open-adapters.js';
import { openPersonalDataKeys, openProtectedEventStore } from '../composition/open-stores.js';
import { ContactDirectory } from '../../application/notifications/contact-directory.js';
import { CommandHandler } from '../../application/command-handler.js';
import { Lifecycle } from '../lifecycle.js';

/**
 * The store the workers park letters in (MongoDB with MONGO_URL), and the channel they use, which
 * reads each recipient's channel from the log as the workers do.
 */
const withDeadLetters = async (work: (deps: Parameters<typeof replayDeadLetter>[0]) => Promise<void>) => {
  const config = loadConfig();
  const logger = pino({ level: 'warn' });
  const opened = openDeadLetterStore(config);
  const lifecycle = new Lifecycle(logger);
  const keys = openPersonalDataKeys(config);
  const eventStore = openProtectedEventStore(config, logger, keys);
  const contacts = new ContactDirectory(new CommandHandler(eventStore));
  try {
    await work({ deadLetters: opened.store, notifier: openNotifier(config, logger, lifecycle, contacts), clock: systemClock });
  } finally {
    await lifecycle.stop();
    await eventStore.close();
    await keys.close();
    await opened.close();
  }
};

/** `dead-letters list|replay`: the operator API's dead-letter routes, for a shell. */
export const registerDeadLetterCommands = (program: Command) => {
  const deadLetters = program.command('dead-letters').description('Notifications the messaging channel did not take');

  deadLetters
    .command('list')
    .option('--limit <n>', 'at most this many, oldest first', '100')
    .description('undelivered notifications, oldest first')
    .action((options: { limit: string }) =>
      withDeadLetters(async ({ deadLetters: store }) => {
        const letters = await store.page(Math.max(1, Number.parseInt(options.limit, 10) || 100));
        console.table(
          letters.map(({ notification: n, reason, failures, firstFailedAt, lastFailedAt }) => ({
            id: n.notificationId,
            to: `${n.recipient.role}:${n.recipient.id}`,
            kind: n.kind,
            reason,
            failures,
            firstFailedAt,
            lastFailedAt,
          })),
        );
        console.log(`${await store.count()} dead letter(s) in all`);
      }),
    );

  deadLetters
    .command('replay')
    .argument('[id]', 'the notification id to send again')
    .option('--all', 'send every dead letter again, oldest first')
    .description('offer dead letters to the channel again; delivered ones leave the store')
    .action((id: string | undefined, options: { all?: boolean }) =>
      withDeadLetters(async (deps) => {
        if (!id && !options.all) program.error('Name a dead letter id, or --all', { exitCode: 2 });
        const ids = id ? [id] : (await deps.deadLetters.page(10_000)).map((letter) => letter.notification.notificationId);
        let failed = 0;
        for (const notificationId of ids) {
          const outcome = await replayDeadLetter(deps, notificationId);
          if (outcome.kind !== 'delivered') failed += 1;
          console.log(`${notificationId}: ${outcome.kind === 'delivered' ? 'delivered' : `${outcome.kind} (${outcome.reason})`}`);
        }
        if (failed > 0) process.exitCode = 1;
      }),
    );
};

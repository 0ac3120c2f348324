import type { Logger } from 'pino';
import type { DeliveryOutcome, Notifier, OutgoingNotification } from '../../application/ports/notifier.js';

/**
 * The channel when no webhook is configured: each notification is a structured log line. The
 * passengers' notification history is the notifications read model, built from the log, so
 * nothing is lost by not sending anything anywhere.
 */
export class LoggingNotifier implements Notifier {
  constructor(private readonly logger: Pick<Logger, 'info'>) {}

  async deliver(notification: OutgoingNotification): Promise<DeliveryOutcome> {
    this.logger.info({ notification }, 'notification');
    return { kind: 'delivered' };
  }
}

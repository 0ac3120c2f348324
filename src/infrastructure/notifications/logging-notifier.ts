import type { Logger } from 'pino';
import type { DeliveryOutcome, Notifier, OutgoingNotification } from '../../application/ports/notifier.js';

/**
 * The channel when no webhook is configured: each notification is a structured log line. The
 * passengers' notification history is the notifications read model, built from the log, so
 * nothing is lost by not sending anything anywhere.
 *
 * Ids only at info: the message quotes addresses and driver names, and log lines outlive any
 * erasure (they are shipped, indexed and kept elsewhere). The text is there at debug, for a
 * developer's machine.
 */
export class LoggingNotifier implements Notifier {
  constructor(private readonly logger: Pick<Logger, 'info' | 'debug'>) {}

  async deliver(notification: OutgoingNotification): Promise<DeliveryOutcome> {
    const { notificationId, recipient, callId, kind, status, correlationId } = notification;
    this.logger.info({ notification: { notificationId, recipient, callId, kind, status, correlationId } }, 'notification');
    this.logger.debug({ notificationId, message: notification.message }, 'notification text');
    return { kind: 'delivered' };
  }
}

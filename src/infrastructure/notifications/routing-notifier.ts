import type { ContactDirectory } from '../../application/notifications/contact-directory.js';
import type { DeliveryOutcome, Notifier, OutgoingNotification } from '../../application/ports/notifier.js';
import type { SolapiChannel } from './solapi/solapi-channel.js';

/**
 * What the app shows live by itself (a driver's offers): sent outside it only to someone who chose
 * AlimTalk or SMS, never to the webhook that predates offers being told at all.
 */
const APP_FIRST_KINDS = new Set(['CALL_OFFERED']);

/**
 * Sends each notification on the channel its recipient chose (looked up when it is sent, so a
 * redelivery after a change or an erasure follows the person's latest word): nothing for `app`
 * (the app lists them), the webhook, or AlimTalk/SMS through the provider. An erased person is
 * told nothing more, which counts as done: a parked letter for them would wait forever.
 */
export class RoutingNotifier implements Notifier {
  constructor(
    private readonly contacts: ContactDirectory,
    private readonly channels: { webhook: Notifier; provider: SolapiChannel },
  ) {}

  async deliver(notification: OutgoingNotification): Promise<DeliveryOutcome> {
    const contact = await this.contacts.contactOf(notification.recipient);
    if (contact.erased) return { kind: 'delivered', channel: 'none' };
    if (APP_FIRST_KINDS.has(notification.kind) && (contact.channel === 'app' || contact.channel === 'webhook'))
      return { kind: 'delivered', channel: 'app' };
    switch (contact.channel) {
      case 'app':
        return { kind: 'delivered', channel: 'app' };
      case 'webhook':
        return { ...(await this.channels.webhook.deliver(notification)), channel: 'webhook' };
      case 'alimtalk':
      case 'sms':
        return contact.phone
          ? this.channels.provider.deliver(notification, contact.phone, contact.channel)
          : { kind: 'rejected', reason: 'PHONE_REQUIRED: no number to send to', channel: contact.channel };
      default: {
        const _exhaustive: never = contact.channel;
        return { kind: 'rejected', reason: 'unknown channel' };
      }
    }
  }
}

import { ExponentialBackoff, handleWhenResult, retry, type IPolicy } from 'cockatiel';
import type { DeliveryOutcome, OutgoingNotification } from '../../../application/ports/notifier.js';
import { alimtalkFor } from './alimtalk-templates.js';
import { type SendAnswer, type SolapiMessage, type SolapiSender, phoneDigits, textMessage } from './solapi-message.js';

export type SolapiChannelOptions = {
  /** The sender number registered with the provider (발신번호). */
  from: string;
  /** The KakaoTalk channel's profile id (pfId) the templates are registered under. */
  pfId: string;
  /**
   * Let the provider itself send the text as SMS when KakaoTalk does not deliver (its 대체발송):
   * a real account learns that only after accepting the AlimTalk (the delivery report), too late
   * for the refusal this adapter falls back on, which the simulator answers at once.
   */
  providerFallback?: boolean;
  /** Attempts per message while the provider throttles or is down, the first one included. */
  maxAttempts?: number;
  backoff?: { initialDelayMs: number; maxDelayMs: number };
};

/**
 * The provider's refusals of an AlimTalk that a text message may still get through: the
 * recipient has no KakaoTalk, or the template and the text disagree (the simulator's codes, see
 * simulator.ts). Any other refusal (an invalid number) would refuse the SMS as well.
 */
export const ALIMTALK_REFUSALS = new Set(['NO_KAKAOTALK_USER', 'TEMPLATE_MISMATCH']);

/**
 * AlimTalk and SMS/LMS through the provider. An AlimTalk goes with its registered template and
 * variables (alimtalk-templates.ts); when KakaoTalk refuses it, or the text has no template, or the
 * person asked for SMS, a text message goes instead (SMS up to 90 bytes, else LMS). Throttling and
 * outages are retried with backoff, then answered `unavailable` for the worker to park.
 */
export class SolapiChannel {
  private readonly policy: IPolicy;

  constructor(
    private readonly sender: SolapiSender,
    private readonly options: SolapiChannelOptions,
  ) {
    const backoff = options.backoff ?? { initialDelayMs: 200, maxDelayMs: 2_000 };
    this.policy = retry(
      handleWhenResult((answer) => (answer as SendAnswer).kind === 'unavailable'),
      {
        maxAttempts: Math.max(0, (options.maxAttempts ?? 3) - 1),
        backoff: new ExponentialBackoff({ initialDelay: backoff.initialDelayMs, maxDelay: backoff.maxDelayMs }),
      },
    );
  }

  async deliver(notification: OutgoingNotification, phone: string, channel: 'alimtalk' | 'sms'): Promise<DeliveryOutcome> {
    const to = phoneDigits(phone);
    const alimtalk = channel === 'alimtalk' ? alimtalkFor(notification.kind, notification.message) : null;
    if (alimtalk) {
      const message: SolapiMessage = {
        to,
        from: this.options.from,
        text: notification.message,
        type: 'ATA',
        kakaoOptions: {
          pfId: this.options.pfId,
          templateId: alimtalk.template.templateId,
          variables: alimtalk.variables,
          disableSms: !this.options.providerFallback,
        },
        customFields: { notificationId: notification.notificationId },
      };
      const answer = await this.send(message);
      if (answer.kind !== 'refused' || !ALIMTALK_REFUSALS.has(answer.code)) return outcomeOf(answer, 'alimtalk');
    }
    const text = textMessage(to, this.options.from, notification.message, notification.notificationId);
    return outcomeOf(await this.send(text), text.type === 'SMS' ? 'sms' : 'lms');
  }

  private send(message: SolapiMessage): Promise<SendAnswer> {
    return this.policy.execute(() => this.sender.send(message));
  }
}

const outcomeOf = (answer: SendAnswer, channel: string): DeliveryOutcome => {
  switch (answer.kind) {
    case 'accepted':
      return { kind: 'delivered', channel };
    case 'refused':
      return { kind: 'rejected', reason: `${answer.code}: ${answer.reason}`, channel };
    case 'unavailable':
      return { kind: 'unavailable', reason: answer.reason, channel };
    default: {
      const _exhaustive: never = answer;
      return { kind: 'unavailable', reason: 'unknown answer' };
    }
  }
};

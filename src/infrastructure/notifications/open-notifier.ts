import type { Logger } from 'pino';
import type { ContactDirectory } from '../../application/notifications/contact-directory.js';
import type { Notifier } from '../../application/ports/notifier.js';
import type { Config } from '../config/config.js';
import type { Lifecycle } from '../lifecycle.js';
import { LoggingNotifier } from './logging-notifier.js';
import { RoutingNotifier } from './routing-notifier.js';
import { SolapiChannel } from './solapi/solapi-channel.js';
import type { SolapiSender } from './solapi/solapi-message.js';
import { HttpSolapiSender, SdkSolapiSender } from './solapi/solapi-senders.js';
import { startSolapiSimulator } from './solapi/simulator.js';
import { WebhookNotifier } from './webhook-notifier.js';

/** The simulator's account: any values do, as long as the sender signs with what the simulator checks. */
export const SIMULATED_ACCOUNT = { apiKey: 'SIMULATOR', apiSecret: 'simulator-secret', from: '0212345678', pfId: 'KA01PF-SIMULATOR' };

/** Starts the provider simulator on first use (the notifier is built synchronously) and closes it on stop. */
class SimulatedSolapi implements SolapiSender {
  private sender: Promise<SolapiSender> | undefined;

  constructor(
    private readonly lifecycle: Lifecycle,
    private readonly logger: Logger,
  ) {}

  async send(...args: Parameters<SolapiSender['send']>) {
    this.sender ??= startSolapiSimulator({ ...SIMULATED_ACCOUNT, port: 0 }).then((simulator) => {
      this.lifecycle.onStop('solapi simulator', () => simulator.close());
      this.logger.info({ url: simulator.url }, 'no SOLAPI account configured: AlimTalk and SMS go to the in-process simulator');
      return new HttpSolapiSender(simulator.url, SIMULATED_ACCOUNT);
    });
    return (await this.sender).send(...args);
  }
}

const providerOf = (config: Config, lifecycle: Lifecycle, logger: Logger): SolapiChannel => {
  const { SOLAPI_API_KEY: apiKey, SOLAPI_API_SECRET: apiSecret, SOLAPI_SENDER: from, SOLAPI_PF_ID: pfId, SOLAPI_BASE_URL: baseUrl } = config;
  const maxAttempts = config.NOTIFY_MAX_ATTEMPTS;
  if (baseUrl) {
    const account = {
      ...SIMULATED_ACCOUNT,
      ...(apiKey && apiSecret ? { apiKey, apiSecret } : {}),
      ...(from ? { from } : {}),
      ...(pfId ? { pfId } : {}),
    };
    return new SolapiChannel(new HttpSolapiSender(baseUrl, account), { ...account, maxAttempts });
  }
  if (apiKey && apiSecret && from && pfId)
    return new SolapiChannel(new SdkSolapiSender({ apiKey, apiSecret }), { from, pfId, maxAttempts, providerFallback: true });
  return new SolapiChannel(new SimulatedSolapi(lifecycle, logger), { ...SIMULATED_ACCOUNT, maxAttempts });
};

/**
 * Each recipient's channel: the signed webhook (or the log, when no webhook is configured) and
 * the provider for AlimTalk and SMS — a real account when configured, else the simulator.
 */
export const openNotifier = (config: Config, logger: Logger, lifecycle: Lifecycle, contacts: ContactDirectory): Notifier => {
  const webhook = config.NOTIFY_WEBHOOK_URL
    ? new WebhookNotifier({
        url: config.NOTIFY_WEBHOOK_URL,
        maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
        attemptTimeoutMs: config.NOTIFY_TIMEOUT_MS,
        secret: config.NOTIFY_WEBHOOK_SECRET,
        // The breaker lets one probe through as often as parked letters are offered again.
        breaker: { consecutiveFailures: 5, halfOpenAfterMs: config.NOTIFY_DEAD_LETTER_RETRY_MS },
      })
    : new LoggingNotifier(logger.child({ component: 'notifier' }));
  return new RoutingNotifier(contacts, { webhook, provider: providerOf(config, lifecycle, logger.child({ component: 'solapi' })) });
};

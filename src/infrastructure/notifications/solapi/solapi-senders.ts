import { ClientError, MessageNotReceivedError, SolapiMessageService } from 'solapi';
import { type SendAnswer, type SendManyResponse, type SolapiMessage, type SolapiSender, answerOf, authorizationHeader } from './solapi-message.js';

export type SolapiCredentials = { apiKey: string; apiSecret: string };

const SEND_PATH = '/messages/v4/send-many/detail';

/** 429 and 5xx are the provider's to recover from; another 4xx is about this message. */
const answerOfStatus = (status: number, body: { errorCode?: string; errorMessage?: string }): SendAnswer =>
  status === 429 || status >= 500
    ? { kind: 'unavailable', reason: `HTTP ${status} ${body.errorCode ?? ''}`.trim() }
    : { kind: 'refused', code: body.errorCode ?? `HTTP_${status}`, reason: body.errorMessage ?? `HTTP ${status}` };

/**
 * A real SOLAPI (or CoolSMS) account through the official SDK. The SDK's endpoint is fixed
 * (`https://api.solapi.com`, a field of services it does not export), so this sender is only
 * for a real account; the simulator is spoken to by HttpSolapiSender, which sends the same
 * request with the same signature. `allowDuplicates` stays off: the provider itself refuses a
 * repeat of the same text to the same number shortly after.
 */
export class SdkSolapiSender implements SolapiSender {
  private readonly sdk: SolapiMessageService;

  constructor(credentials: SolapiCredentials) {
    this.sdk = new SolapiMessageService(credentials.apiKey, credentials.apiSecret);
  }

  async send(message: SolapiMessage): Promise<SendAnswer> {
    try {
      return answerOf(await this.sdk.send(message));
    } catch (error) {
      if (error instanceof MessageNotReceivedError) return answerOf({ failedMessageList: error.failedMessageList });
      if (error instanceof ClientError) return answerOfStatus(error.httpStatus, error);
      // Server errors, network errors and the SDK's own retries given up: try again later.
      return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** The same request as the SDK's `send`, to a base URL of our choosing: the simulator's. */
export class HttpSolapiSender implements SolapiSender {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: SolapiCredentials,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(message: SolapiMessage): Promise<SendAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${SEND_PATH}`, {
        method: 'POST',
        headers: { authorization: authorizationHeader(this.credentials.apiKey, this.credentials.apiSecret), 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [message], allowDuplicates: false }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { kind: 'unavailable', reason: `connection failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    const body = (await response.json().catch(() => ({}))) as SendManyResponse & { errorCode?: string; errorMessage?: string };
    return response.ok ? answerOf(body) : answerOfStatus(response.status, body);
  }
}

import express, { type Express, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import { z } from 'zod';
import { ALIMTALK_TEMPLATES, render } from './alimtalk-templates.js';
import { SimulatorLedger } from './simulator-ledger.js';
import { LMS_MAX_BYTES, SMS_MAX_BYTES, type SolapiMessage, eucKrBytes, parseAuthorization, signature } from './solapi-message.js';

/**
 * Failures on demand, for the next `count` messages (to `to` only, when given):
 * `invalid-number` and `no-kakaotalk` / `template-mismatch` (AlimTalk only) refuse the message in
 * `failedMessageList`; `throttle` answers 429 and `outage` 500 to the whole request.
 */
export const failureSchema = z.object({
  mode: z.enum(['invalid-number', 'no-kakaotalk', 'template-mismatch', 'throttle', 'outage']),
  count: z.number().int().min(1).default(1),
  to: z.string().optional(),
});
type Failure = z.infer<typeof failureSchema>;

/** `latencyMs`: each send answers this late, so a test can kill a sender with messages in flight. */
export type SolapiSimulatorOptions = { apiKey: string; apiSecret: string; pfId: string; port?: number; host?: string; latencyMs?: number };
export type RunningSolapiSimulator = { url: string; ledger: SimulatorLedger; close(): Promise<void> };

/** The provider's refusal codes as this simulator writes them (SolapiChannel falls back to SMS on two of them). */
const REFUSALS = {
  'invalid-number': ['INVALID_RECIPIENT', '수신번호 형식 오류'],
  'no-kakaotalk': ['NO_KAKAOTALK_USER', '카카오톡 미사용자'],
  'template-mismatch': ['TEMPLATE_MISMATCH', '템플릿 내용 불일치'],
  'too-long': ['MESSAGE_TOO_LONG', '메시지 길이 초과'],
} as const;
type Refusal = keyof typeof REFUSALS;

/** Requests older or newer than this are refused, as the provider refuses stale signatures. */
const CLOCK_SKEW_MS = 15 * 60_000;

export const startSolapiSimulator = async (options: SolapiSimulatorOptions): Promise<RunningSolapiSimulator> => {
  const ledger = new SimulatorLedger();
  const app = simulatorApp(options, ledger);
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(started));
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    ledger,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

const simulatorApp = (options: SolapiSimulatorOptions, ledger: SimulatorLedger): Express => {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  const failures: Failure[] = [];
  const seenSalts = new Set<string>();

  const takeFailure = (to: string, applies: (mode: Failure['mode']) => boolean): Failure['mode'] | null => {
    const failure = failures.find((candidate) => (!candidate.to || candidate.to === to) && applies(candidate.mode));
    if (!failure) return null;
    failure.count -= 1;
    if (failure.count <= 0) failures.splice(failures.indexOf(failure), 1);
    return failure.mode;
  };

  app.post('/messages/v4/send-many/detail', async (req, res) => {
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const refusedAuth = authProblem(req, options, seenSalts);
    if (refusedAuth) return void res.status(401).json({ errorCode: refusedAuth, errorMessage: 'authentication failed' });
    const messages = (req.body as { messages?: SolapiMessage[] }).messages ?? [];
    const whole = takeFailure(messages[0]?.to ?? '', (mode) => mode === 'throttle' || mode === 'outage');
    if (whole === 'throttle') return void res.status(429).json({ errorCode: 'TooManyRequests', errorMessage: 'Too many requests' });
    if (whole === 'outage') return void res.status(500).json({ errorCode: 'InternalError', errorMessage: 'Internal server error' });
    answer(res, messages, options, ledger, (message) => refusalOf(message, options, takeFailure));
  });

  app.post('/admin/failures', (req, res) => {
    const failure = failureSchema.parse(req.body);
    failures.push(failure);
    res.status(201).json(failure);
  });
  app.delete('/admin/failures', (_req, res) => {
    failures.length = 0;
    res.status(204).end();
  });
  app.get('/admin/ledger', (_req, res) => void res.json({ messages: ledger.list() }));
  app.delete('/admin/ledger', (_req, res) => {
    ledger.clear();
    failures.length = 0;
    res.status(204).end();
  });
  return app;
};

const authProblem = (req: Request, options: SolapiSimulatorOptions, seenSalts: Set<string>): string | null => {
  const auth = parseAuthorization(req.get('authorization'));
  if (!auth) return 'InvalidAuthorizationHeader';
  if (auth.apiKey !== options.apiKey) return 'InvalidApiKey';
  if (Math.abs(Date.now() - Date.parse(auth.date)) > CLOCK_SKEW_MS || Number.isNaN(Date.parse(auth.date))) return 'RequestTimeTooSkewed';
  if (signature(options.apiSecret, auth.date, auth.salt) !== auth.signature) return 'SignatureDoesNotMatch';
  if (seenSalts.has(auth.salt)) return 'DuplicatedSignature';
  seenSalts.add(auth.salt);
  return null;
};

/** Why the provider refuses this one message, or null: a forced failure first, then its own checks. */
const refusalOf = (
  message: SolapiMessage,
  options: SolapiSimulatorOptions,
  takeFailure: (to: string, applies: (mode: Failure['mode']) => boolean) => Failure['mode'] | null,
): Refusal | null => {
  const forced = takeFailure(
    message.to,
    (mode) => mode === 'invalid-number' || (message.type === 'ATA' && (mode === 'no-kakaotalk' || mode === 'template-mismatch')),
  );
  if (forced === 'invalid-number' || forced === 'no-kakaotalk' || forced === 'template-mismatch') return forced;
  if (!/^01[016789]\d{7,8}$/.test(message.to)) return 'invalid-number';
  if (message.type === 'ATA') {
    const template = ALIMTALK_TEMPLATES.find((candidate) => candidate.templateId === message.kakaoOptions?.templateId);
    if (!template || message.kakaoOptions?.pfId !== options.pfId) return 'template-mismatch';
    if (render(template, message.kakaoOptions.variables) !== message.text) return 'template-mismatch';
    return null;
  }
  const limit = message.type === 'SMS' ? SMS_MAX_BYTES : LMS_MAX_BYTES;
  return eucKrBytes(message.text) > limit ? 'too-long' : null;
};

/** The documented shape of `send-many/detail`: the group's counts, the accepted and the failed messages. */
const answer = (
  res: Response,
  messages: SolapiMessage[],
  options: SolapiSimulatorOptions,
  ledger: SimulatorLedger,
  refusal: (message: SolapiMessage) => Refusal | null,
) => {
  const messageList: object[] = [];
  const failedMessageList: object[] = [];
  for (const message of messages) {
    const refused = refusal(message);
    if (refused) {
      const [statusCode, statusMessage] = REFUSALS[refused];
      failedMessageList.push({
        to: message.to,
        from: message.from,
        type: message.type,
        statusCode,
        statusMessage,
        customFields: message.customFields,
      });
      continue;
    }
    const { entry } = ledger.accept(message, new Date());
    messageList.push({
      messageId: entry.messageId,
      to: message.to,
      from: message.from,
      type: message.type,
      statusCode: '2000',
      statusMessage: '정상 접수',
      customFields: message.customFields,
    });
  }
  const count = { total: messages.length, registeredSuccess: messageList.length, registeredFailed: failedMessageList.length };
  res.json({ groupInfo: { groupId: `G4V${Date.now()}`, count, accountId: options.apiKey }, messageList, failedMessageList });
};

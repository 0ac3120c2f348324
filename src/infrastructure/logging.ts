import { pino, type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { Config } from './config/config.js';

/**
 * JSON lines for machines; on a terminal, readable lines for the person watching. The pretty
 * stream runs in-process (no transport thread), so a line is written before the process exits.
 */
export const createLogger = (config: Pick<Config, 'LOG_LEVEL' | 'ROLE'>, terminal = process.stdout.isTTY === true): Logger => {
  const options = { level: config.LOG_LEVEL, base: { role: config.ROLE } };
  if (!terminal) return pino(options);
  return pino(options, prettyStream({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,role', singleLine: false }));
};

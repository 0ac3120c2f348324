import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PassengerIdOfPhone } from '../../application/call/book-call.js';

/** Spaces, dashes, dots and brackets are how people write a number, not part of it. */
export const normalisedPhone = (phone: string) => phone.replace(/[\s\-.()]/g, '');

/**
 * The passenger id of a phone number: an HMAC-SHA-256 of the normalised number under a server key,
 * so equal numbers give equal ids and an id reveals nothing without the key.
 */
export const passengerIdsOfPhones =
  (key: Buffer): PassengerIdOfPhone =>
  (phone) =>
    `ph-${createHmac('sha256', key).update(normalisedPhone(phone)).digest('hex').slice(0, 32)}`;

/**
 * The key: PHONE_ID_KEY when set (the same on every replica, or phone bookings of one passenger
 * get different ids), else one made once and kept in DATA_DIR for a single-node install.
 */
export const phoneIdKey = (configured: string | undefined, dataDir: string): Buffer => {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = join(dataDir, 'phone-id.key');
  try {
    // `wx`: of two processes starting on one DATA_DIR, the first writes and both read its key.
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
};

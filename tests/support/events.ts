import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../src/application/ports/event-store.js';

export const uniqueStream = (prefix = 'test') => `${prefix}-${randomUUID()}`;

export const newEvent = (type: string, data: object = {}, correlationId = 'corr-1'): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    correlationId,
    causationId: 'cause-1',
    actor: { role: 'system', id: 'test' },
    timestamp: new Date().toISOString(),
  },
});

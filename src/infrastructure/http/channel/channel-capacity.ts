import { readFileSync } from 'node:fs';

/** Descriptors left for everything but driver channels: HTTP clients, the stores' files, the log. */
export const RESERVED_DESCRIPTORS = 1_024;

/** This process's soft limit on open files (Linux's /proc/self/limits), or null where it is unknown or unlimited. */
export const openFileLimit = (limits: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | null => {
  try {
    const line = limits()
      .split('\n')
      .find((candidate) => candidate.startsWith('Max open files'));
    const soft = Number(line?.slice('Max open files'.length).trim().split(/\s+/)[0]);
    return Number.isInteger(soft) && soft > 0 ? soft : null;
  } catch {
    return null;
  }
};

/**
 * How many driver channels this process holds at most. Every channel is an open socket: a city's
 * fleet on one process would otherwise take the last descriptor, and then no HTTP client (a
 * passenger's request, an accept, the health check) could connect at all. `configured` (> 0) wins;
 * else what the open-file limit leaves after the reserve; else no bound.
 */
export const channelCapacity = (configured: number, limit: number | null): number => {
  if (configured > 0) return configured;
  return limit === null ? Number.POSITIVE_INFINITY : Math.max(0, limit - RESERVED_DESCRIPTORS);
};

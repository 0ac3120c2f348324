import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux; null elsewhere).
 * Divided by the requests served, it gives a cost per request that does not depend on how busy
 * the rest of this shared machine was.
 */
export const cpuSecondsOf = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces) start at index 2 of this split.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
};

/** CPU seconds used so far by every process named `name` (PostgreSQL's postmaster and backends). */
export const cpuSecondsOfAll = (name: string): number => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (!readFileSync(`/proc/${pid}/stat`, 'utf8').includes(`(${name})`)) continue;
      total += cpuSecondsOf(Number(pid)) ?? 0;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
};

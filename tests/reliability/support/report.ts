/**
 * Each reliability test ends with one line of figures (loads held, faults injected and survived,
 * inputs tried, events lost), printed under its title in mocha's output.
 */
export const summary = (test: string, figures: Record<string, string | number>) => {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  console.log(`      ▸ ${test}: ${text}`);
};

/** High enough that the abuse limits never trip: every load here comes from 127.0.0.1 and a few subjects. */
export const UNLIMITED = { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_SUBJECT: '1000000000' };

/** A small deterministic generator, so a failing interleaving can be replayed from its seed. */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

export const seedFromEnv = () => Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);

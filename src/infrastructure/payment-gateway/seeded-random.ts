/**
 * mulberry32: a small reproducible dice roll, so a simulator started with a seed injects the
 * same faults in the same order on every run (tests and benchmarks stay repeatable).
 */
export const seededRandom = (seed: number) => {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

import { useLayoutEffect, useRef } from 'react';

/**
 * A ref that holds the value of the last render, for timers and event handlers set up once that
 * must call the current props. It is written after the render commits, never during it: a render
 * React throws away must not leak its values to them.
 */
export const useLatest = <T>(value: T) => {
  const latest = useRef(value);
  useLayoutEffect(() => {
    latest.current = value;
  });
  return latest;
};

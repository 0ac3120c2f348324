import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { LatLng } from '../../api/types.js';
import { SEOUL_CENTER, stepToward } from '../../map/places.js';
import { useLatest } from '../../components/useLatest.js';

const STEP_METERS = 250;
const STEP_MS = 400;

/**
 * Where the taxi is: moved by hand (drag, click, a preset) or driven toward a target a step every
 * STEP_MS; every move is reported like a real position ping while online.
 */
export const useTaxiPosition = (driverId: string, online: boolean, onError: (error: unknown) => void) => {
  const [position, setPosition] = useState<LatLng>(() => ({
    lat: SEOUL_CENTER.lat + (Math.random() - 0.5) * 0.02,
    lng: SEOUL_CENTER.lng + (Math.random() - 0.5) * 0.02,
  }));
  const [target, setTarget] = useState<LatLng | null>(null);
  const current = useLatest({ position, online, onError });

  const moveTo = (at: LatLng) => {
    setPosition(at);
    if (current.current.online) void api.reportLocation(driverId, at).catch(current.current.onError);
  };
  const move = useLatest(moveTo);

  useEffect(() => {
    if (!target) return;
    const timer = setInterval(() => {
      const next = stepToward(current.current.position, target, STEP_METERS);
      move.current({ lat: next.lat, lng: next.lng });
      if (next.arrived) setTarget(null);
    }, STEP_MS);
    return () => clearInterval(timer);
  }, [target, current, move]);

  return { position, setPosition, moveTo, driving: !!target, driveTo: setTarget, stop: () => setTarget(null) };
};

import type { DriverPosition, DriverPositions } from '../../application/ports/driver-positions.js';

/**
 * The embedded adapter: last positions in this process's memory, with a hook so the spatial index
 * of the same process sees every ping at once. Lost on restart by design — the index is then
 * rebuilt from the positions drivers had when going online (in the log) until they ping again.
 * See the port for the shared store a multi-replica deployment would use instead.
 */
export class InMemoryDriverPositions implements DriverPositions {
  private readonly positions = new Map<string, DriverPosition>();
  private readonly listeners = new Set<(position: DriverPosition) => void>();

  async save(position: DriverPosition): Promise<void> {
    const known = this.positions.get(position.driverId);
    if (known && known.at > position.at) return;
    this.positions.set(position.driverId, position);
    for (const listener of this.listeners) listener(position);
  }

  async lastKnown(): Promise<DriverPosition[]> {
    return [...this.positions.values()];
  }

  onSaved(listener: (position: DriverPosition) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

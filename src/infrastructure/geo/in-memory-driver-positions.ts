import type { DriverPosition, DriverPositions } from '../../application/ports/driver-positions.js';

/**
 * The embedded adapter: last positions in this process's memory. Right for the `all` role, where
 * the API that receives the pings and the index auto-dispatch searches share the process; no other
 * process can read them. Lost on restart by design — the index is then rebuilt from the positions
 * drivers had when going online (in the log) until they ping again.
 */
export class InMemoryDriverPositions implements DriverPositions {
  private readonly positions = new Map<string, DriverPosition>();

  async save(position: DriverPosition): Promise<void> {
    const known = this.positions.get(position.driverId);
    if (known && Date.parse(known.at) >= Date.parse(position.at)) return;
    this.positions.set(position.driverId, position);
  }

  async saveAll(positions: readonly DriverPosition[]): Promise<void> {
    for (const position of positions) await this.save(position);
  }

  async positionOf(driverId: string): Promise<DriverPosition | null> {
    return this.positions.get(driverId) ?? null;
  }

  async lastKnown(): Promise<DriverPosition[]> {
    return [...this.positions.values()];
  }

  async changedSince(at: string): Promise<DriverPosition[]> {
    const since = Date.parse(at);
    return [...this.positions.values()].filter((position) => Date.parse(position.at) >= since);
  }
}

/**
 * The keys a rebuild has written to a fresh shadow collection, kept as a Bloom filter: "never
 * written" is certain, "written" may be wrong now and then. A rebuild that forgot its documents
 * (to bound memory) asks it before reading the shadow, so a document met for the first time costs
 * no read of the store; a false "written" only costs a read that finds nothing. Its size is fixed:
 * 2 MiB whatever the length of the log (about 1 % false answers at 1.5 million keys).
 */
export class WrittenKeys {
  private static readonly BITS = 1 << 24;
  private static readonly PROBES = 4;
  private readonly words = new Int32Array(WrittenKeys.BITS >>> 5);

  add(key: string): void {
    const [first, step] = hashesOf(key);
    for (let probe = 0, hash = first; probe < WrittenKeys.PROBES; probe++, hash = (hash + step) >>> 0) {
      const bit = hash & (WrittenKeys.BITS - 1);
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayHold(key: string): boolean {
    const [first, step] = hashesOf(key);
    for (let probe = 0, hash = first; probe < WrittenKeys.PROBES; probe++, hash = (hash + step) >>> 0) {
      const bit = hash & (WrittenKeys.BITS - 1);
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit hashes (FNV-1a and a multiplicative one), combined by double hashing; the step is odd. */
const hashesOf = (key: string): [number, number] => {
  let fnv = 0x811c9dc5;
  let mul = 0x9747b28c;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    fnv = Math.imul(fnv ^ code, 0x01000193);
    mul = Math.imul(mul + code, 0x5bd1e995) ^ (mul >>> 15);
  }
  return [fnv >>> 0, (mul | 1) >>> 0];
};

/**
 * Fixed-width duplicate detector: stores a 64-bit hash of each key plus the line it was first seen on
 * (12 bytes per slot, load factor <= 0.5). Memory is ~24 bytes per distinct key in typed arrays, no per-key
 * JS objects, so the GC heap stays flat. False-positive probability for 1e6 keys ~ 3e-8.
 */
export class KeySet64 {
  private a: Uint32Array;
  private b: Uint32Array;
  private lines: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.a = new Uint32Array(cap);
    this.b = new Uint32Array(cap);
    this.lines = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds the key; returns the line of the earlier occurrence (>=0) if already present, otherwise -1. */
  addOrGet(key: string, line: number): number {
    return this.addOrGetParts([key], line);
  }

  /** Same, for a key made of several parts (hashed with a separator, no concatenated string). */
  addOrGetParts(parts: readonly string[], line: number): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    let len = 0;
    for (let p = 0; p < parts.length; p++) {
      const key = parts[p];
      len += key.length + 1;
      for (let i = 0; i <= key.length; i++) {
        const c = i < key.length ? key.charCodeAt(i) : 0x10001; // separator outside the UTF-16 range
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
        h2 ^= h2 >>> 13;
      }
    }
    h1 = (h1 ^ (h1 >>> 16)) >>> 0;
    h2 = (Math.imul(h2 ^ (h2 >>> 15), 0x27d4eb2d) ^ len) >>> 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    let i = h1 & this.mask;
    for (;;) {
      const a = this.a[i];
      const b = this.b[i];
      if (a === 0 && b === 0) break;
      if (a === h1 && b === h2) return this.lines[i];
      i = (i + 1) & this.mask;
    }
    this.a[i] = h1;
    this.b[i] = h2;
    this.lines[i] = line >>> 0;
    this.count++;
    if (this.count * 2 > this.mask + 1) this.grow();
    return -1;
  }

  private grow(): void {
    const { a, b, lines } = this;
    const cap = (this.mask + 1) * 2;
    this.a = new Uint32Array(cap);
    this.b = new Uint32Array(cap);
    this.lines = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < a.length; j++) {
      if (a[j] === 0 && b[j] === 0) continue;
      let i = a[j] & this.mask;
      while (this.a[i] !== 0 || this.b[i] !== 0) i = (i + 1) & this.mask;
      this.a[i] = a[j];
      this.b[i] = b[j];
      this.lines[i] = lines[j];
    }
  }
}

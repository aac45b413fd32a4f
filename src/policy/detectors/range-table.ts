// A string table looked up by a range of another string, so the words of a
// text are looked up without being sliced out of it.

// FNV-1a. The offset as a signed 32-bit integer, so the hash stays in an
// integer register while a word is scanned (Math.imul is the same either way).
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over text[s, e): the key of the tables, and the word hash of the joke features. */
export function hashRange(text: string, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let i = s; i < e; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/**
 * Strings to numbers, looked up by a range of another string and its FNV-1a
 * hash, so a word is looked up without slicing it out of the text. Open
 * addressing with linear probing, at most half full.
 */
export class RangeTable {
  #keys: string[] = [];
  #values: number[] = [];
  #slots = new Int32Array(64);

  /** The value of `key`, 0 when absent. */
  get(key: string): number {
    return this.getRange(key, 0, key.length, hashRange(key, 0, key.length));
  }

  set(key: string, value: number): void {
    const h = hashRange(key, 0, key.length);
    const mask = this.#slots.length - 1;
    let p = h & mask;
    for (; this.#slots[p] !== 0; p = (p + 1) & mask) {
      const k = (this.#slots[p] as number) - 1;
      if (this.#keys[k] === key) {
        this.#values[k] = value;
        return;
      }
    }
    this.#keys.push(key);
    this.#values.push(value);
    if (this.#keys.length * 2 > this.#slots.length) this.#grow();
    else this.#slots[p] = this.#keys.length;
  }

  /** The value of the key equal to text[s, e), whose hash is `h`; 0 when absent. */
  getRange(text: string, s: number, e: number, h: number): number {
    const slots = this.#slots;
    const mask = slots.length - 1;
    const len = e - s;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const k = (slots[p] as number) - 1;
      if (k < 0) return 0;
      const key = this.#keys[k] as string;
      if (key.length !== len) continue;
      let i = 0;
      while (i < len && key.charCodeAt(i) === text.charCodeAt(s + i)) i++;
      if (i === len) return this.#values[k] as number;
    }
  }

  #grow(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    this.#keys.forEach((key, k) => {
      let p = hashRange(key, 0, key.length) & mask;
      while (slots[p] !== 0) p = (p + 1) & mask;
      slots[p] = k + 1;
    });
    this.#slots = slots;
  }
}

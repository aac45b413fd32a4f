// Digit clusters: digits joined by up to two of - . / ( ) + space, so
// "(304) 555-0199" is one cluster of 10 digits. Identifier detectors skip a
// text whose longest cluster is too short and run their patterns only near
// clusters. Fed one unit at a time, so the pass that folds or scans a text
// finds its clusters too.

export class DigitClusters {
  /** Flat [start, end) pairs, from the first digit to the last of each cluster. */
  readonly spans: number[] = [];
  /** Most digits in one cluster. */
  longest = 0;
  // TypeScript-private, not #private: add() runs for every unit of a text, and # fields cost a check on each access.
  private run = 0;
  private gap = 0;
  private start = -1;
  private last = -1;

  /** Feeds unit `c` at offset `i` of the original text; offsets must ascend. */
  add(c: number, i: number): void {
    if (c >= 48 && c <= 57) {
      if (this.start < 0) this.start = i;
      this.run++;
      this.gap = 0;
      this.last = i;
      if (this.run > this.longest) this.longest = this.run;
    } else if (this.run > 0 && this.gap < 2 && (c === 45 || c === 46 || c === 47 || c === 40 || c === 41 || c === 43 || c === 32)) {
      this.gap++;
    } else if (this.start >= 0) {
      this.end();
    }
  }

  /** Closes the open cluster; call after the last unit. */
  end(): this {
    if (this.start >= 0) this.spans.push(this.start, this.last + 1);
    this.start = -1;
    this.run = 0;
    this.gap = 0;
    return this;
  }
}

/** A clock the test moves by hand: time is injected, never slept on. */
export class TestClock {
  constructor(public t = Date.UTC(2026, 0, 5, 9, 0, 0)) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

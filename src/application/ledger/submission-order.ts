// Statements reach the committer in the order they were submitted, although their
// signatures may be verified out of order (on worker threads, or some not at all:
// replays and unknown actors). A batch like [register X, X provisions an agent] must
// be decided in that order, as it was when every check ran on the calling thread.
type Action = () => void;

/** Marks a reserved place whose action is not known yet. */
const PENDING: Action = () => undefined;

export class SubmissionOrder {
  private readonly places: Action[] = [];
  private head = 0;

  /** Takes the next place in line; the returned function runs `action` in its turn. */
  reserve(): (action: Action) => void {
    // Indices stay valid: the line is emptied only when no place is left unfilled.
    const at = this.places.length;
    this.places.push(PENDING);
    return (action) => {
      this.places[at] = action;
      this.release();
    };
  }

  /** How many places are still in line. */
  get length(): number {
    return this.places.length - this.head;
  }

  private release(): void {
    while (this.head < this.places.length && this.places[this.head] !== PENDING) {
      const action = this.places[this.head]!;
      this.places[this.head] = PENDING;
      this.head++;
      action();
    }
    if (this.head === this.places.length) {
      this.places.length = 0;
      this.head = 0;
    }
  }
}

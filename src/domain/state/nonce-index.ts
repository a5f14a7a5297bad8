// Every (actor, nonce) the fold has seen (invariant 8: an actor uses a nonce once). It
// grows with the log, not with the state, so it is a port: the service and tests keep
// the exact in-memory map below; a verifier streaming a long log may plug in something
// more compact. Evolve writes it, decide reads it through the view.
import type { GlobalPosition } from '../../integrity/brands';

export interface NonceIndex {
  /** Position of the event that used (actor, nonce), if any. */
  seen(actor: string, nonce: string): GlobalPosition | undefined;
  /** Records that the event at `position` used (actor, nonce); a later use replaces it. */
  remember(actor: string, nonce: string, position: number): void;
}

/** The exact default: actor -> nonce -> position. */
export class NonceMap extends Map<string, Map<string, number>> implements NonceIndex {
  seen(actor: string, nonce: string): GlobalPosition | undefined {
    return this.get(actor)?.get(nonce) as GlobalPosition | undefined;
  }

  remember(actor: string, nonce: string, position: number): void {
    const used = this.get(actor);
    if (used === undefined) this.set(actor, new Map([[nonce, position]]));
    else used.set(nonce, position);
  }
}

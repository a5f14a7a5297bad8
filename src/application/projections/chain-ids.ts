// Decisions cite their chain by id: the decisions made under one credential usually
// recorded the same chain, and its text (every hop's hash and leaf index) is most of a
// decision's bytes. Each distinct chain is written once, with the delegations it goes
// through (chain_hops).
//
// Finding the id must cost less than writing the text would: a decision is first
// compared hop by hop with the last chain recorded under its credential (no text built);
// otherwise its canonical text is looked up. Both caches are bounded; a chain they
// forgot is written again under a new id, which costs space, never an answer.
import type Database from 'better-sqlite3';
import { chainHops, chainText } from './evolve-rows';
import type { RowBuffer } from './row-buffer';
import type { RecordedHop } from './rows';

// Entries per generation (two generations each). A chain's first hop is its credential,
// so a chain recurs under the same credential: the credential cache does the work, and
// the text cache only catches recurring chains without one. The credential cache keeps
// the recorded hops themselves, not a copy (a decided event never changes); smaller
// ones cost far more than they save: at 1M bench events (credentials revisited at
// random across 100k agents), 30k stored 40% more bytes and rebuilt a third slower.
const TEXT_CACHE = 10_000;
const CREDENTIAL_CACHE = 100_000;

interface Known {
  readonly chain: readonly RecordedHop[];
  readonly id: number;
}

export class ChainIds {
  // Two generations each, so the chains in use survive a turnover.
  private byText = new Map<string, number>();
  private olderByText = new Map<string, number>();
  private byCredential = new Map<string, Known>();
  private olderByCredential = new Map<string, Known>();
  private next: number;
  private readonly lastId: Database.Statement;

  constructor(db: Database.Database, private readonly chains: RowBuffer, private readonly hops: RowBuffer) {
    this.lastId = db.prepare('SELECT coalesce(max(id), 0) FROM chains').pluck();
    this.next = (this.lastId.get() as number) + 1;
  }

  /** The id of the chain, queueing the chain and its hops the first time it is seen. */
  idOf(credentialId: string, chain: readonly RecordedHop[]): number {
    const last = this.byCredential.get(credentialId) ?? this.olderByCredential.get(credentialId);
    if (last !== undefined && sameHops(last.chain, chain)) return last.id;
    const text = chainText(chain);
    let id = this.byText.get(text) ?? this.olderByText.get(text);
    if (id === undefined) {
      id = this.next++;
      this.chains.add([id, text]);
      for (const hop of chainHops(chain)) this.hops.add([hop.delegation_id, id, hop.capability]);
    }
    this.byText = remember(this.byText, text, id, TEXT_CACHE, (older) => (this.olderByText = older));
    this.byCredential = remember(this.byCredential, credentialId, { chain, id }, CREDENTIAL_CACHE, (older) => (this.olderByCredential = older));
    return id;
  }

  /** Forgets what is cached (a failed transaction): ids continue from the file. */
  reset(): void {
    this.byText = new Map();
    this.olderByText = new Map();
    this.byCredential = new Map();
    this.olderByCredential = new Map();
    this.next = (this.lastId.get() as number) + 1;
  }
}

function remember<K, V>(current: Map<K, V>, key: K, value: V, limit: number, retire: (older: Map<K, V>) => void): Map<K, V> {
  let map = current;
  if (map.size >= limit && !map.has(key)) {
    retire(map);
    map = new Map();
  }
  map.set(key, value);
  return map;
}

// Equal fields give equal text (chainText reads nothing else); a difference in how a
// field is spelled (undefined or null) only misses the shortcut.
function sameHops(known: readonly RecordedHop[], chain: readonly RecordedHop[]): boolean {
  if (known.length !== chain.length) return false;
  for (let i = 0; i < chain.length; i++) {
    const k = known[i]!;
    const h = chain[i]!;
    if (k.kind !== h.kind || k.id !== h.id || k.hash !== h.hash || k.position !== h.position || k.capability !== h.capability) return false;
  }
  return true;
}

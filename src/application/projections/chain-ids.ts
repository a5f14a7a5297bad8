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
// the text cache only catches recurring chains without one (a denial's empty chain). A
// signature is five values per hop (~0.6 KB for ten delegations); smaller credential
// caches cost far more than they save: at 1M bench events (credentials revisited at
// random across 100k agents), 30k stored 40% more bytes and rebuilt a third slower.
const TEXT_CACHE = 10_000;
const CREDENTIAL_CACHE = 100_000;

/** A chain's hops as flat values (kind, id, hash, position, capability per hop). */
type Signature = readonly unknown[];

export class ChainIds {
  // Two generations each, so the chains in use survive a turnover.
  private byText = new Map<string, number>();
  private olderByText = new Map<string, number>();
  private byCredential = new Map<string, { readonly signature: Signature; readonly id: number }>();
  private olderByCredential = new Map<string, { readonly signature: Signature; readonly id: number }>();
  private next: number;
  private readonly lastId: Database.Statement;

  constructor(db: Database.Database, private readonly chains: RowBuffer, private readonly hops: RowBuffer) {
    this.lastId = db.prepare('SELECT coalesce(max(id), 0) FROM chains').pluck();
    this.next = (this.lastId.get() as number) + 1;
  }

  /** The id of the chain, queueing the chain and its hops the first time it is seen. */
  idOf(credentialId: string, chain: readonly RecordedHop[]): number {
    const last = this.byCredential.get(credentialId) ?? this.olderByCredential.get(credentialId);
    if (last !== undefined && sameHops(last.signature, chain)) return last.id;
    const text = chainText(chain);
    let id = this.byText.get(text) ?? this.olderByText.get(text);
    if (id === undefined) {
      id = this.next++;
      this.chains.add([id, text]);
      for (const hop of chainHops(chain)) this.hops.add([hop.delegation_id, id, hop.capability]);
    }
    this.byText = remember(this.byText, text, id, TEXT_CACHE, (older) => (this.olderByText = older));
    this.byCredential = remember(this.byCredential, credentialId, { signature: signatureOf(chain), id }, CREDENTIAL_CACHE, (older) => (this.olderByCredential = older));
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

function signatureOf(chain: readonly RecordedHop[]): Signature {
  const out: unknown[] = [];
  for (const h of chain) out.push(h.kind, h.id, h.hash, h.position, h.capability);
  return out;
}

// Equal fields give equal text (chainText reads nothing else); a difference in how a
// field is spelled (undefined or null) only misses the shortcut.
function sameHops(signature: Signature, chain: readonly RecordedHop[]): boolean {
  if (signature.length !== chain.length * 5) return false;
  for (let i = 0; i < chain.length; i++) {
    const h = chain[i]!;
    const j = i * 5;
    if (signature[j] !== h.kind || signature[j + 1] !== h.id || signature[j + 2] !== h.hash || signature[j + 3] !== h.position || signature[j + 4] !== h.capability) return false;
  }
  return true;
}

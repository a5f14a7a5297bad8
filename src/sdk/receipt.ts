// What the service hands back for an accepted statement (DESIGN: receipts are proofs):
// enough to check offline, with the ledger's public key alone, that the statement is in
// the log. The server produces exactly this type (src/application/ledger/ledger.port.ts
// imports it from here).

export interface Receipt {
  /** Envelope hash, lowercase hex. */
  readonly envelopeHash: string;
  /** Global position = Merkle leaf index. */
  readonly leafIndex: number;
  readonly stream: string;
  readonly revision: number;
  /** Event type recorded (differs from the statement type for decided requests). */
  readonly type: string;
  /** What the ledger derived (decision, credential window, approval id), if anything. */
  readonly result?: unknown;
  /** The signed C2SP checkpoint of the batch that committed the event. */
  readonly checkpoint: string;
  readonly treeSize: number;
  /** RFC 9162 inclusion proof of leafIndex in treeSize, hex, leaf upwards. */
  readonly inclusionProof: readonly string[];
}

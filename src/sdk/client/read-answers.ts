// The typed answers of the read queries, checked against their shapes.
import { err, ok, problem, type Result } from '../../errors/problem';
import { CHECKPOINT_SHAPE, CONSISTENCY_SHAPE, EVENT_SHAPE, INCLUSION_SHAPE, pick, shapeProblems, type Shape } from './response-shapes';

export interface SignedCheckpoint {
  /** The whole signed note, as served at GET /checkpoint. */
  readonly note: string;
  readonly origin: string;
  readonly treeSize: number;
  /** Merkle root, lowercase hex. */
  readonly rootHash: string;
}

export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly rootHash: string;
  /** Hex, leaf upwards. */
  readonly proof: readonly string[];
}

export interface ConsistencyProof {
  readonly fromSize: number;
  readonly toSize: number;
  readonly fromRoot: string;
  readonly toRoot: string;
  readonly proof: readonly string[];
}

export interface RecordedEnvelope {
  /** Global position = Merkle leaf index. */
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly hash: string;
  /** The canonical envelope JSON exactly as stored: re-hash it with verifyReceipt's envelope option. */
  readonly envelope: string;
}

const SHAPES: Readonly<Record<string, { shape: Shape; list?: true; nullable?: true }>> = {
  checkpoint: { shape: CHECKPOINT_SHAPE },
  inclusionProof: { shape: INCLUSION_SHAPE },
  consistencyProof: { shape: CONSISTENCY_SHAPE },
  event: { shape: EVENT_SHAPE, nullable: true },
  stream: { shape: EVENT_SHAPE, list: true },
};

/** The answer of the read query `field`, checked; T must be the type that field's shape describes. */
export function readAnswer<T>(field: string, value: unknown): Result<T> {
  const { shape, list, nullable } = SHAPES[field]!;
  if (nullable && value === null) return ok(null as T);
  const items = list ? value : [value];
  if (!Array.isArray(items)) return err(problem('sdk.bad_response', `${field} is not a list`, field));
  const problems = items.flatMap((item: unknown, i) => shapeProblems(item, shape, list ? `${field}[${i}]` : field));
  if (problems.length > 0) return err(problems[0]!, ...problems.slice(1));
  const picked = items.map((item: unknown) => pick<unknown>(item, shape));
  return ok((list ? picked : picked[0]) as T);
}

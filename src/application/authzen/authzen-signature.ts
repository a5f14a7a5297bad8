// How an enforcer signs an AuthZEN request: each evaluation is a Writ statement
// `{ v: 1, ledgerId, type: "authzen.evaluation", actor, nonce, issuedAt, body }` (body:
// the evaluation's subject, action, resource and context), signed like every statement
// (RFC 8785 text, domain-separated Ed25519). The request carries what the server needs to
// rebuild those statements and the signatures, in one header:
//
//   Authorization: WritSig actor="<enforcer id>", nonce="<nonce>",
//                  issued-at="<RFC 3339 ms>", signature="<base64url>[,<base64url>...]"
//
// One evaluation: the statement's nonce is `nonce`. A batch (`evaluations`): evaluation
// i is signed with nonce `<nonce>.<i>`, and `signature` lists the signatures in order.
import { problem, type Problem, type Result } from '../../errors/problem';
import type { JsonObject } from '../../integrity/jcs';
import { encodeStatement, type Statement } from '../../integrity/statement';

export const AUTHZEN_SCHEME = 'WritSig';
export const AUTHZEN_STATEMENT = 'authzen.evaluation';

export interface AuthzenSignature {
  readonly actor: string;
  readonly nonce: string;
  readonly issuedAt: string;
  readonly signatures: readonly string[];
}

const HEADER = 'header.authorization';
const PARAM = /\s*([A-Za-z][A-Za-z-]*)="([^"]*)"\s*(?:,|$)/y;

/** Reads the `Authorization: WritSig ...` header; 401-class problems when absent or malformed. */
export function readAuthzenSignature(header: string | undefined): Result<AuthzenSignature> {
  if (header === undefined || header.trim() === '') {
    return fail('authzen.missing_signature', `requests are signed by an enforcer: Authorization: ${AUTHZEN_SCHEME} actor="…", nonce="…", issued-at="…", signature="…"`, HEADER);
  }
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== AUTHZEN_SCHEME.toLowerCase()) {
    return fail('authzen.missing_signature', `the Authorization scheme must be ${AUTHZEN_SCHEME}`, HEADER);
  }
  const params = new Map<string, string>();
  const rest = header.slice(space + 1);
  PARAM.lastIndex = 0;
  while (PARAM.lastIndex < rest.length) {
    const at = PARAM.lastIndex;
    const m = PARAM.exec(rest);
    if (m === null || params.has(m[1]!)) return fail('authzen.malformed_signature', `the ${AUTHZEN_SCHEME} parameters cannot be read at character ${at}`, HEADER);
    params.set(m[1]!, m[2]!);
  }
  const get = (name: string) => params.get(name);
  const actor = get('actor');
  const nonce = get('nonce');
  const issuedAt = get('issued-at');
  const signature = get('signature');
  for (const [name, value] of [['actor', actor], ['nonce', nonce], ['issued-at', issuedAt], ['signature', signature]] as const) {
    if (value === undefined || value === '') return fail('authzen.malformed_signature', `the ${name} parameter is missing`, `${HEADER}.${name}`);
  }
  return { ok: true, value: { actor: actor!, nonce: nonce!, issuedAt: issuedAt!, signatures: signature!.split(',').map((s) => s.trim()) } };
}

/** The statement evaluation `index` of `count` stands for (its nonce per the scheme above). */
export function evaluationStatement(ledgerId: string, sig: AuthzenSignature, body: JsonObject, index: number, batch: boolean): Statement {
  const nonce = batch ? `${sig.nonce}.${index}` : sig.nonce;
  return { v: 1, ledgerId, type: AUTHZEN_STATEMENT, actor: sig.actor, nonce, issuedAt: sig.issuedAt, body };
}

/** The canonical text of a statement, or undefined when it cannot be canonicalized. */
export function statementText(statement: Statement): string | undefined {
  try {
    return encodeStatement(statement);
  } catch {
    return undefined;
  }
}

function fail(code: Problem['code'], message: string, path: string): Result<never> {
  return { ok: false, problems: [problem(code, message, path)] };
}

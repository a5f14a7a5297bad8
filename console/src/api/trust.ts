// Which ledger key receipts are checked against. Best: the verifier key the auditor got
// out of band (printed by the service at start) and pasted: then a service that lies is
// caught. Otherwise the keys this service publishes (/.well-known/jwks.json, turned into
// C2SP verifier keys for the checkpoint's origin), and the page says so.
import { formatVerifierKey, parseVerifierKey } from '@writ/integrity/checkpoint/note-keys';
import { fromBase64Url } from '@writ/integrity/bytes';

export interface Trust {
  readonly keys: readonly string[];
  /** `pinned` (pasted by the auditor) or `published` (served by this service). */
  readonly how: 'pinned' | 'published';
}

export type TrustAnswer = { readonly ok: true; readonly trust: Trust } | { readonly ok: false; readonly message: string };

export function pinnedTrust(text: string, origin: string): TrustAnswer {
  const key = text.trim();
  const parsed = parseVerifierKey(key);
  if (!parsed.ok) return { ok: false, message: `not a verifier key: ${parsed.problems[0]!.message}` };
  if (parsed.value.name !== origin) return { ok: false, message: `this verifier key is for ${parsed.value.name}, not this ledger (${origin})` };
  return { ok: true, trust: { keys: [key], how: 'pinned' } };
}

export async function publishedTrust(origin: string): Promise<TrustAnswer> {
  let jwks: { keys?: { x?: unknown }[] };
  try {
    jwks = (await (await fetch(new URL('/.well-known/jwks.json', location.origin))).json()) as typeof jwks;
  } catch (error) {
    return { ok: false, message: `the ledger keys could not be read: ${String(error)}` };
  }
  const keys = (jwks.keys ?? []).flatMap((k) => {
    const bytes = typeof k.x === 'string' ? fromBase64Url(k.x) : undefined;
    const key = bytes === undefined ? undefined : formatVerifierKey(origin, bytes);
    return key?.ok ? [key.value] : [];
  });
  return keys.length > 0 ? { ok: true, trust: { keys, how: 'published' } } : { ok: false, message: 'the service publishes no usable ledger key' };
}

export const trustText = (trust: Trust): string =>
  trust.how === 'pinned' ? 'against the verifier key you pinned' : 'against the key this service publishes (pin the verifier key at sign-in to catch a service that lies)';

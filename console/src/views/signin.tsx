// Sign in: a key file read in this browser (tokens are minted and renewed here with the
// SDK) or a pasted read token; optionally the ledger's verifier key to pin.
import { useState } from 'preact/hooks';
import { sessionFromKeyFile, sessionFromToken, type Session } from '../api/session';
import { pinnedTrust, publishedTrust, type Trust } from '../api/trust';
import type { Ledger } from '../context';

export interface SignedIn {
  readonly session: Session;
  readonly trust: Trust;
}

export function SignIn({ ledger, onSignedIn }: { ledger: Ledger; onSignedIn: (s: SignedIn) => void }) {
  const [keyText, setKeyText] = useState<string | undefined>();
  const [keyName, setKeyName] = useState('');
  const [principalId, setPrincipalId] = useState('');
  const [pasted, setPasted] = useState('');
  const [verifierKey, setVerifierKey] = useState('');
  const [message, setMessage] = useState('');

  const pick = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setKeyName(file.name);
    setKeyText(await file.text());
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const built = keyText !== undefined ? sessionFromKeyFile(keyText, ledger.ledgerId, principalId) : pasted.trim() ? sessionFromToken(pasted, ledger.ledgerId) : undefined;
    if (built === undefined) return setMessage('Choose your key file, or paste a read token.');
    if (!built.ok) return setMessage(built.message);
    const trust = verifierKey.trim() ? pinnedTrust(verifierKey, ledger.origin) : await publishedTrust(ledger.origin);
    if (!trust.ok) return setMessage(trust.message);
    setMessage('');
    onSignedIn({ session: built.session, trust: trust.trust });
  };

  return (
    <section aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in</h2>
      <p>
        Ledger <code>{ledger.ledgerId}</code>. Your key file is read in this browser only: the console signs short read tokens with it (renewed before they
        expire) and never sends the key anywhere.
      </p>
      <form onSubmit={submit} class="signin">
        <label>
          Key file (from <code>writ keys generate</code>){' '}
          <input id="key-file" type="file" accept=".json,application/json" onChange={pick} />
        </label>
        {keyName && <p>Chosen: {keyName}</p>}
        <label>
          Principal id (only if the key file does not name it){' '}
          <input id="principal-id" value={principalId} onInput={(e) => setPrincipalId((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <p>or</p>
        <label>
          Read token (from <code>writ token --key &lt;key file&gt;</code>){' '}
          <textarea id="token" rows={3} value={pasted} onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        <label>
          Ledger verifier key to pin (printed by the service at start: <code>verifier key …</code>; optional){' '}
          <input id="verifier-key" value={verifierKey} onInput={(e) => setVerifierKey((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" id="sign-in">
          Sign in
        </button>
        {message && (
          <p role="alert" id="signin-error">
            {message}
          </p>
        )}
      </form>
    </section>
  );
}

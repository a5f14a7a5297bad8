// The verifier's signature checks: inline, in batches on the main thread (--workers 1)
// and on worker threads (--workers 3) report the same failures.
import { inlineChecker, signatureChecker, verdictOf, type SignatureChecker, type SignatureJob } from './signature-check';
import { checkedSigner, signedText } from '../../test/support/signers';

const [alice, old, other] = [checkedSigner(), checkedSigner(), checkedSigner()];
const text = (i: number) => `{"body":{"n":${i},"s":"é ☃ 𝄞"},"nonce":"n${i}"}`;
const signed = signedText;

/** 1,300 jobs (more than two batches): good, bad, stale key, padded and stray-bit signature texts. */
function jobs(): SignatureJob[] {
  return Array.from({ length: 1300 }, (_, i) => {
    const t = text(i);
    const base = { position: i, key: alice.key, statementText: t };
    switch (i % 8) {
      case 1:
        return { ...base, signature: signed(other, t) };
      case 2:
        return { ...base, signature: signed(old, t), pastKeys: [other.key, old.key] };
      case 3:
        return { ...base, signature: `${signed(alice, t)}=` };
      case 4:
        return { ...base, signature: signed(alice, t).slice(0, 85) + 'B' };
      default:
        return { ...base, signature: signed(alice, t) };
    }
  });
}

test('inline verdicts', () => {
  expect(jobs().slice(0, 8).map(verdictOf)).toEqual(['ok', 'bad', 'old_key', 'bad', 'bad', 'ok', 'ok', 'ok']);
});

async function failuresOf(checker: SignatureChecker): Promise<unknown[]> {
  const out: unknown[] = [];
  try {
    for (const job of jobs()) {
      checker.submit(job);
      await checker.ready();
      out.push(...checker.drainFailures());
    }
    await checker.finish();
    out.push(...checker.drainFailures());
  } finally {
    await checker.close();
  }
  return out.sort((a, b) => (a as { position: number }).position - (b as { position: number }).position);
}

test('one thread, three threads and inline checks report the same failures', async () => {
  const inline = await failuresOf(inlineChecker());
  expect(inline).toHaveLength(4 * 163 - 1);
  expect(await failuresOf(signatureChecker(1))).toEqual(inline);
  expect(await failuresOf(signatureChecker(3))).toEqual(inline);
});

// The SDK's requestCredential and authorize: what they send and how they read the
// richer answers, including a decision that failed closed (no receipt).
import { keysFromSeed, sign, statements, WritClient } from '../../src/sdk';

const LEDGER = 'ledger-sdk-authz';
const keys = keysFromSeed(new Uint8Array(32).fill(9));
const ctx = { ledgerId: LEDGER, actor: 'agent-1' };
const HASH = 'a'.repeat(64);
const receipt = { envelopeHash: HASH, leafIndex: 7, stream: 'actions-agent-1', revision: 0, type: 'action.denied', result: null, checkpoint: 'c', treeSize: 8, inclusionProof: [HASH], replayed: false };

function service(answer: unknown) {
  const sent: string[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(init.body as string).query);
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as typeof globalThis.fetch;
  return { sent, client: new WritClient({ url: 'http://writ.test', ledgerId: LEDGER, fetch, retries: 0 }) };
}

const request = () => sign(statements.authorize({ requestId: 'r', credentialId: 'c', action: 'create', resource: 'erp://po/1', taskId: 't' }, ctx), keys);

test('authorize reads the decision, its chain and receipt', async () => {
  const chain = [{ kind: 'delegation', id: 'd1', eventHash: HASH, leafIndex: 3, capability: 0 }];
  const s = service({ data: { authorize: { decision: 'denied', reason: 'delegation.revoked', hop: { kind: 'delegation', id: 'd1' }, chain, approvalId: null, threshold: null, approvers: null, expiresAt: null, failedClosed: false, receipt } } });
  const r = await s.client.authorize(request());
  expect(r).toEqual({ ok: true, value: { decision: 'denied', reason: 'delegation.revoked', hop: { kind: 'delegation', id: 'd1' }, chain, failedClosed: false, receipt: expect.objectContaining({ leafIndex: 7, type: 'action.denied' }), replayed: false } });
  expect(s.sent[0]).toMatch(/authorize\(input: \$input\) \{ decision reason hop \{ kind id \} chain \{/);
});

test('a decision that failed closed has no receipt; submit reports it as decision.not_recorded', async () => {
  const answer = { data: { authorize: { decision: 'denied', reason: 'decision.not_recorded', hop: null, chain: [], approvalId: null, threshold: null, approvers: null, expiresAt: null, failedClosed: true, receipt: null } } };
  const r = await service(answer).client.authorize(request());
  expect(r).toEqual({ ok: true, value: { decision: 'denied', reason: 'decision.not_recorded', chain: [], failedClosed: true, replayed: false } });
  expect(await service(answer).client.submit(request())).toMatchObject({ ok: false, problems: [{ code: 'decision.not_recorded' }] });
});

test('requestCredential reads the token beside the receipt', async () => {
  const credential = { token: 'h.p.s', credentialId: 'c-1', kid: '0123456789abcdef', expiresAt: '2030-01-01T00:00:00.000Z' };
  const s = service({ data: { requestCredential: { credential, receipt: { ...receipt, type: 'credential.issued' } } } });
  const signed = sign(statements.requestCredential({ credentialId: 'c-1', delegationId: 'd-1', task: { id: 't' } }, ctx), keys);
  expect(await s.client.requestCredential(signed)).toMatchObject({ ok: true, value: { credential, receipt: { type: 'credential.issued', leafIndex: 7 }, replayed: false } });
  const bad = service({ data: { requestCredential: { credential: { token: 1 }, receipt } } });
  expect(await bad.client.requestCredential(signed)).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ code: 'sdk.bad_response', path: 'requestCredential.credential.token' })]) });
});

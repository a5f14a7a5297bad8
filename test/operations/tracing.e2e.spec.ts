// One decision followed in a trace: the real service, started with the standard OTEL_*
// variables, exports its spans over OTLP/HTTP (JSON) to a receiver in this process; the
// authorize request's span is the parent of verify, decide, commit, checkpoint signing and
// read-model apply. Told `none`, the service sends nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { startService, type ServiceProcess } from '../support/service-process';
import { ServiceWorld } from '../authorization/support/service-world';

interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes?: readonly { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }[];
}

/** A minimal OTLP/HTTP receiver: keeps every span POSTed to /v1/traces (JSON encoding). */
class Receiver {
  readonly spans: OtlpSpan[] = [];
  readonly requests: { path: string; contentType: string | undefined }[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ path: req.url ?? '', contentType: req.headers['content-type'] });
        if (req.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
          for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) this.spans.push(...(ss.spans ?? []));
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const attr = (span: OtlpSpan, key: string) => {
  const v = span.attributes?.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.intValue ?? v?.boolValue;
};

describe('traces', () => {
  const receiver = new Receiver();
  let service: ServiceProcess;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    service = await startService({
      env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_SERVICE_NAME: 'writ-under-test' },
    });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    if (service !== undefined) rmSync(dirname(service.dataDir), { recursive: true, force: true });
    await receiver.stop();
  });

  test("one decision's trace: the request span is the parent of verify, decide, commit, checkpoint signing and read-model apply", async () => {
    const w = new ServiceWorld(service);
    await w.procurement();
    const issued = await w.client.requestCredential(w.signed(w.agent, 'requestCredential', { credentialId: `c-${w.agent.id}`, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 3600 }));
    if (!issued.ok) throw new Error('credential refused');
    const order = w.order(100, issued.value.credential.credentialId);
    const type = (JSON.parse(order.statement) as { type: string }).type;
    expect((await w.client.authorize(order)).ok).toBe(true);

    const wanted = ['writ.verify', 'writ.decide', 'writ.commit', 'writ.checkpoint.sign', 'writ.read_model.apply'];
    const traceOfDecision = () => {
      const decide = receiver.spans.find((s) => s.name === 'writ.decide' && attr(s, 'writ.statement.type') === type);
      return decide === undefined ? [] : receiver.spans.filter((s) => s.traceId === decide.traceId);
    };
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !wanted.every((name) => traceOfDecision().some((s) => s.name === name))) await new Promise((r) => setTimeout(r, 50));

    const spans = traceOfDecision();
    const root = spans.find((s) => s.parentSpanId === undefined || s.parentSpanId === '');
    expect(root?.name).toBe('POST /graphql');
    expect(attr(root!, 'http.response.status_code')).toBe(200);
    for (const name of wanted) {
      const child = spans.find((s) => s.name === name);
      expect({ name, parent: child?.parentSpanId }).toEqual({ name, parent: root!.spanId });
    }
    expect(attr(spans.find((s) => s.name === 'writ.verify')!, 'writ.signature.valid')).toBe(true);
    expect(receiver.requests.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);
  }, 60_000);

  test('OTEL_TRACES_EXPORTER=none keeps tracing off even with an endpoint set', async () => {
    const quiet = new Receiver();
    const endpoint = await quiet.start();
    const other = await startService({ env: { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '50' } });
    try {
      await new ServiceWorld(other).procurement();
      await new Promise((r) => setTimeout(r, 300));
      expect(quiet.requests).toEqual([]);
    } finally {
      await other.stop();
      rmSync(dirname(other.dataDir), { recursive: true, force: true });
      await quiet.stop();
    }
  }, 60_000);
});

// The container image and the cluster file cannot be built or run here (no Docker engine),
// so these tests read them as files and check what can be checked without one: the
// Dockerfile's stages and what reaches the image that runs; the compose file's KurrentDB
// settings against the server's documented option names, the replicas built from the
// Dockerfile with no host files mounted, and ports the host can reach.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { environmentName, KURRENTDB_OPTIONS, REMOVED_IN_25 } from './kurrentdb-options';

const ROOT = join(__dirname, '..', '..');
const read = (name: string) => readFileSync(join(ROOT, name), 'utf8');

interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly lines: readonly string[];
}

/** Splits a Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
function stagesOf(text: string): { args: Map<string, string>; stages: Stage[] } {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args = new Map<string, string>();
  const stages: { from: string; name: string | undefined; lines: string[] }[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from !== null) {
      const image = from[1]!.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? name);
      stages.push({ from: image, name: from[2], lines: [] });
    } else if (stages.length === 0) {
      const arg = /^ARG\s+(\w+)=(\S+)/i.exec(line);
      if (arg !== null) args.set(arg[1]!, arg[2]!);
    } else {
      stages[stages.length - 1]!.lines.push(line);
    }
  }
  return { args, stages };
}

describe('Dockerfile', () => {
  const { stages } = stagesOf(read('Dockerfile'));
  const final = stages[stages.length - 1]!;
  const byName = new Map(stages.map((s) => [s.name, s]));
  /** The stage a stage starts from, followed through `FROM <stage>`. */
  const baseOf = (stage: Stage): string => (byName.has(stage.from) ? baseOf(byName.get(stage.from)!) : stage.from);

  it('is multi-stage on the Node 24 slim (bookworm) image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(baseOf(stage)).toBe('node:24-bookworm-slim');
  });

  it('builds the service and the console with the dev dependencies in a build stage', () => {
    const build = stages.find((s) => s.lines.some((l) => /^RUN npm run build\b/.test(l)));
    expect(build).toBeDefined();
    expect(build!.lines).toContain('RUN npm ci');
    expect(build).not.toBe(final);
  });

  it('puts only production dependencies and the build output into the image that runs', () => {
    const copies = final.lines.filter((l) => l.startsWith('COPY'));
    const fromStages = copies.map((l) => /--from=(\S+)\s+(\S+)/.exec(l)).filter((m) => m !== null);
    const modules = fromStages.find((m) => m![2] === '/app/node_modules');
    expect(modules).toBeDefined();
    const depsStage = byName.get(modules![1]!);
    expect(depsStage!.lines.some((l) => /npm ci --omit=dev/.test(l))).toBe(true);
    expect(depsStage!.lines.filter((l) => /npm (ci|install)/.test(l)).every((l) => l.includes('--omit=dev'))).toBe(true);
    // The build stage's node_modules (dev dependencies) never reaches it, nor the checkout.
    const buildStage = stages.find((s) => s.lines.some((l) => /^RUN npm run build\b/.test(l)))!;
    for (const m of fromStages) if (m![1] === buildStage.name) expect(m![2]).toBe('/app/dist');
    expect(copies).not.toContain('COPY . .');
    expect(final.lines.some((l) => /^RUN npm (ci|install)\b/.test(l) && !l.includes('--omit=dev'))).toBe(false);
  });

  it('runs as a non-root user with WRIT_HOST=0.0.0.0, a /data volume and a health check on /healthz', () => {
    const user = final.lines.filter((l) => l.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user!.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
    const env = final.lines.filter((l) => l.startsWith('ENV ')).join(' ');
    expect(env).toMatch(/\bWRIT_HOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bWRIT_DATA_DIR=\/data\b/);
    expect(final.lines).toContain('VOLUME ["/data"]');
    const health = final.lines.find((l) => l.startsWith('HEALTHCHECK'));
    expect(health).toMatch(/\/healthz/);
    expect(final.lines.find((l) => l.startsWith('CMD'))).toMatch(/dist\/src\/main\.js/);
  });

  it('is built without the host\'s node_modules or dist (.dockerignore)', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist']));
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { image?: string; build?: { context: string; dockerfile: string }; environment?: Record<string, string>; ports?: string[]; volumes?: string[] }>;
  };
  const services = Object.entries(compose.services);
  const nodes = services.filter(([, s]) => s.image?.startsWith('docker.kurrent.io/kurrent-latest/kurrentdb:'));
  const replicas = services.filter(([, s]) => s.environment?.WRIT_STORE === 'eventstoredb');
  const documented = new Set(KURRENTDB_OPTIONS.map((o) => environmentName(o)));

  it('runs a three-node KurrentDB 25 cluster', () => {
    expect(nodes).toHaveLength(3);
    for (const [, node] of nodes) {
      expect(node.image).toMatch(/:25\.\d+(\.\d+)?$/);
      expect(node.environment?.KURRENTDB_CLUSTER_SIZE).toBe('3');
    }
  });

  it("sets only options KurrentDB documents, under 25's KURRENTDB_ prefix, none of those 25.0 removed", () => {
    const removed = new Set(Object.keys(REMOVED_IN_25).map((o) => environmentName(o)));
    for (const [name, node] of nodes) {
      for (const key of Object.keys(node.environment ?? {})) {
        expect({ service: name, key, prefixed: key.startsWith('KURRENTDB_') }).toEqual({ service: name, key, prefixed: true });
        expect({ service: name, key, documented: documented.has(key), removed: removed.has(key) }).toEqual({ service: name, key, documented: true, removed: false });
      }
    }
  });

  it('gives every node its replication address and the others as gossip seeds', () => {
    const addresses = nodes.map(([, n]) => n.environment!.KURRENTDB_REPLICATION_IP!);
    for (const [, node] of nodes) {
      const own = node.environment!.KURRENTDB_REPLICATION_IP!;
      expect(node.environment!.KURRENTDB_NODE_IP).toBe(own);
      const seeds = node.environment!.KURRENTDB_GOSSIP_SEED!.split(',').map((s) => s.split(':')[0]);
      expect(seeds.sort()).toEqual(addresses.filter((a) => a !== own).sort());
    }
  });

  it('publishes each node on its own host port, and advertises to clients nothing the replicas cannot reach', () => {
    const hostPorts = nodes.map(([, n]) => n.ports!.map((p) => p.split(':').slice(-2)[0]).join());
    expect(new Set(hostPorts).size).toBe(3);
    for (const [, node] of nodes) expect(node.environment!.KURRENTDB_ADVERTISE_HOST_TO_CLIENT_AS).toBeUndefined();
  });

  it('marks insecure mode as local-only', () => {
    for (const [, node] of nodes) expect(node.environment!.KURRENTDB_INSECURE).toBe('true');
    expect(read('docker-compose.yml')).toMatch(/INSECURE MODE, FOR LOCAL USE ONLY/);
  });

  it('runs two Writ replicas built from the Dockerfile, with no host files mounted', () => {
    expect(replicas).toHaveLength(2);
    for (const [, replica] of replicas) {
      expect(replica.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      for (const volume of replica.volumes ?? []) {
        const source = volume.split(':')[0]!;
        // Named volumes only: a path (./, /, ~) would bring the host's files (node_modules) in.
        expect(source).toMatch(/^[a-z][a-z0-9_-]*$/);
      }
      const query = new URLSearchParams(replica.environment!.WRIT_ESDB_URL!.split('?')[1]);
      expect(query.get('tls')).toBe('false');
      expect(query.get('nodePreference')).toBe('leader');
      expect(replica.environment!.WRIT_HOST).toBe('0.0.0.0');
    }
  });

  it("connects the replicas to every node's address on the compose network", () => {
    const seeds = replicas.map(([, r]) => /^esdb:\/\/([^?]+)/.exec(r.environment!.WRIT_ESDB_URL!)![1]!.split(',').sort());
    const nodeEndpoints = nodes.map(([, n]) => `${n.environment!.KURRENTDB_NODE_IP}:${n.environment!.KURRENTDB_NODE_PORT}`).sort();
    for (const s of seeds) expect(s).toEqual(nodeEndpoints);
  });

  it("publishes the replicas' HTTP port to the host", () => {
    const published = replicas.map(([, r]) => r.ports!.map((p) => p.split(':')));
    for (const ports of published) expect(ports.some((p) => p[p.length - 1] === '4000')).toBe(true);
    expect(new Set(published.map((p) => p[0]![0])).size).toBe(2);
  });
});

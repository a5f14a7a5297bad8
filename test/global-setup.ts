// Builds dist/ once before the tests when the sources are newer than the last build:
// the e2e tests run the real `writ` CLI and the real service as processes, from dist/.
// The freshness rule is the one `npm run build` and the `writ` launcher use
// (scripts/dist.js), so a build made by any of them counts here.
import { resolve } from 'node:path';

// scripts/dist.js is plain CommonJS shared with bin/writ.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dist = require(resolve(__dirname, '../scripts/dist.js')) as { ensureBuilt(root: string, options: { out: number }): { ok: boolean; reason?: string } };

export default function globalSetup(): void {
  const built = dist.ensureBuilt(resolve(__dirname, '..'), { out: 1 });
  if (!built.ok) throw new Error(`building dist/ failed: ${built.reason ?? 'unknown'}`);
}

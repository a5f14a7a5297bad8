// Exponential backoff with jitter, so that many clients failing together (a restart, a
// leader change) do not come back together.
const MAX_DELAY_MS = 10_000;

/** Delay before attempt `attempt` (>= 1): base * 2^(attempt - 1), scaled by a factor in [0.5, 1]. */
export function backoffDelay(baseMs: number, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

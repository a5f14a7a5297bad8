// WRIT_LOG_LEVEL: how much the service logs (JSON lines on stdout, Fastify's pino logger).
// `warn` by default: server errors and warnings only; `info` adds one line per request
// (method, url, status, time, request id), `debug`/`trace` more; `silent` none.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

export function logLevelOf(env: Readonly<Record<string, string | undefined>> = process.env): LogLevel {
  const text = env.WRIT_LOG_LEVEL;
  if (text === undefined || text === '') return DEFAULT_LOG_LEVEL;
  const level = LOG_LEVELS.find((l) => l === text.toLowerCase());
  if (level === undefined) throw new Error(`WRIT_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not ${text}`);
  return level;
}

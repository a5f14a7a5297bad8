// The port is bound before the data directory is touched: a start that cannot listen
// must not create a ledger, keys or read models first. Nest opens the ledger while it
// builds the app (before `listen`), so the port is held by a placeholder server in the
// meantime and handed over just before the app listens: between the two there is no
// await on anything but the placeholder's close, and nothing is written.
import { createServer, type Server } from 'node:net';
import { StartRefused } from './start-refused';

export interface ReservedPort {
  /** The bound port (the one the system picked when 0 was asked for). */
  readonly port: number;
  /** Frees the port for the app's own listen. */
  release(): Promise<void>;
}

export async function reservePort(host: string, port: number): Promise<ReservedPort> {
  // Anyone who connects before the app is ready is turned away, not left hanging.
  const server: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenRefusal(error, host, port)));
    server.listen({ port, host, exclusive: true }, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return { port: bound, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A listen failure as one line naming the setting to change; other errors as they are. */
export function listenRefusal(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const at = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new StartRefused(`WRIT_PORT: ${at} is already in use: stop what listens there or set WRIT_PORT to a free port (0 lets the system pick one)`);
    case 'EACCES':
      return new StartRefused(`WRIT_PORT: not allowed to listen on ${at} (ports below 1024 need privileges): set WRIT_PORT to a higher port`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartRefused(`WRIT_HOST: ${host} is not an address of this machine: set WRIT_HOST to one (127.0.0.1, or 0.0.0.0 for every interface)`);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

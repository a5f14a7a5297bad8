// CPU time of the main thread alone (Linux: /proc/self/task/<pid>/stat, in 10 ms ticks).
// On a shared machine wall-clock rates move with the neighbours' load; the main thread's
// CPU time per operation does not, and with signatures on worker threads the main
// thread is what bounds the rate when a core is free for the workers.
import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function mainThreadCpuMs(): number | undefined {
  return mainThreadCpuMsOf(process.pid);
}

/** The same for another process (the service): its main thread's task id is its pid. */
export function mainThreadCpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Main-thread CPU milliseconds per bare Node Ed25519 verify (the ceiling's primitive), over a fixed count. */
export function verifyCpuMs(count = 3000): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(400, 7);
  const signature = nodeSign(null, message, privateKey);
  const before = mainThreadCpuMs();
  for (let i = 0; i < count; i++) nodeVerify(null, message, publicKey, signature);
  return before === undefined ? 0 : (mainThreadCpuMs()! - before) / count;
}

/** "; main thread CPU … per op vs … per bare verify (CPU-time ratio …)", or '' off Linux. */
export function cpuNote(what: string, mainCpuMs: number, ops: number, verifyCpuMsPerOp: number): string {
  if (mainCpuMs === 0 || ops === 0 || verifyCpuMsPerOp === 0) return '';
  const perOp = (mainCpuMs * 1000) / ops;
  const perVerify = verifyCpuMsPerOp * 1000;
  return `; main thread CPU ${perOp.toFixed(0)} µs per ${what} vs ${perVerify.toFixed(0)} µs per bare verify (CPU-time ratio ${(perVerify / perOp).toFixed(2)}x)`;
}

const vfKeys = generateKeyPairSync('ed25519');
const vfMessage = Buffer.alloc(400, 7);
const vfSignature = nodeSign(null, vfMessage, vfKeys.privateKey);

/**
 * This process's CPU (µs, all threads, from process.cpuUsage) per bare Node Ed25519
 * verify of a ~400-byte message with a prepared KeyObject, over a fixed count: the unit
 * "vf" in which a service's CPU per operation is reported (issue 23).
 */
export function verifyCpuUs(count = 4000): number {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) nodeVerify(null, vfMessage, vfKeys.publicKey, vfSignature);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

// How this build starts a worker thread on one of its own modules. The worker programs
// are ordinary TypeScript modules (the type checker sees them, they import what they
// use). Built, they are JavaScript under dist/ and Node loads them as any module. Run
// from the sources (jest compiles TypeScript with swc inside the test process, not in
// the threads it starts) the module is a .ts file, which Node cannot load: the thread is
// then started with scripts/register-ts.js required first, which compiles each .ts
// module with the same swc as it is loaded. Which form runs is read from the caller's
// own file name, so a thread always runs the same build of the code as its parent:
// never a dist/ left over from other sources.
import { dirname, extname, join, resolve } from 'node:path';

/** The module `name` in the caller's folder, in the caller's own form (.js built, .ts from the sources). */
export function moduleBeside(callerFile: string, name: string): string {
  return join(dirname(callerFile), `${name}${extname(callerFile)}`);
}

/** The `execArgv` a Worker on `file` needs: none for JavaScript (it inherits the parent's), the swc hook for TypeScript. */
export function threadExecArgv(file: string): string[] | undefined {
  return file.endsWith('.ts') ? ['--require', resolve(__dirname, '../../scripts/register-ts.js')] : undefined;
}

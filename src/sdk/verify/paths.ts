import { joinPath, type Problem } from '../../errors/problem';

/** Re-roots problems found in a part of the input (`signatures[0]` -> `checkpoint.signatures[0]`). */
export function under(base: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, path: p.path === '' ? base : p.path.startsWith('[') ? base + p.path : joinPath(base, p.path) }));
}

/** Renames the first segment of each problem's path (`proof[2]` -> `inclusionProof[2]`). */
export function renamed(names: Readonly<Record<string, string>>, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => {
    const head = /^[^.[]*/.exec(p.path)![0];
    const name = names[head];
    return name === undefined ? p : { ...p, path: name + p.path.slice(head.length) };
  });
}

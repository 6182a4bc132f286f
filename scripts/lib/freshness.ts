import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Folders that never hold sources of a build. */
const SKIPPED = new Set(['node_modules', 'dist', 'out', '.git']);

/** The newest modification time (ms) under the given files and folders; missing ones count as nothing. */
export async function newestMtime(paths: readonly string[]): Promise<number> {
  let newest = 0;
  for (const entry of paths) {
    let info;
    try {
      info = await stat(entry);
    } catch {
      continue;
    }
    if (info.isDirectory()) {
      const children = await readdir(entry);
      const nested = await newestMtime(children.filter((name) => !SKIPPED.has(name)).map((name) => path.join(entry, name)));
      newest = Math.max(newest, info.mtimeMs, nested);
    } else {
      newest = Math.max(newest, info.mtimeMs);
    }
  }
  return newest;
}

/** The oldest modification time (ms) of the outputs, or undefined when one is missing. */
export async function oldestOutput(outputs: readonly string[]): Promise<number | undefined> {
  let oldest = Infinity;
  for (const output of outputs) {
    try {
      oldest = Math.min(oldest, (await stat(output)).mtimeMs);
    } catch {
      return undefined;
    }
  }
  return oldest;
}

/** A build is needed when an output is missing or a source changed after the oldest output. */
export async function needsBuild(outputs: readonly string[], inputs: readonly string[]): Promise<boolean> {
  const oldest = await oldestOutput(outputs);
  if (oldest === undefined) return true;
  return (await newestMtime(inputs)) > oldest;
}

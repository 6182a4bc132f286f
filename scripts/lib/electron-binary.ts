/** What to tell a person when Electron's binary is missing (ours cannot download it). */
export const ELECTRON_MISSING_MESSAGE =
  "Electron's binary is not installed on this machine (its download failed). Try `npm run serve` for browser mode.";

/**
 * The path of the Electron executable, as the `electron` package reports it when required from
 * Node (it tries to download the binary first when it is missing, and throws if that fails).
 */
export function locateElectron(requireElectron: () => unknown): { ok: true; path: string } | { ok: false; message: string } {
  try {
    const located = requireElectron();
    if (typeof located === 'string' && located !== '') return { ok: true, path: located };
    return { ok: false, message: ELECTRON_MISSING_MESSAGE };
  } catch {
    return { ok: false, message: ELECTRON_MISSING_MESSAGE };
  }
}

/** The environment Electron starts with: ELECTRON_RUN_AS_NODE would turn it into plain Node. */
export function electronEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...rest } = env;
  return rest;
}

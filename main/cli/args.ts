/** Options parsed from `--name value` / `--flag` arguments. */
export type ParsedArgs = Map<string, string | true>;

/**
 * Parses `--name value`, `--name=value` and boolean `--flag` arguments. Unknown options are an
 * error that names the option, so typos do not pass silently.
 */
export function parseArgs(args: string[], spec: { values: string[]; flags?: string[] }): ParsedArgs {
  const out: ParsedArgs = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument: ${arg}`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (spec.flags?.includes(name)) {
      out.set(name, true);
    } else if (spec.values.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      out.set(name, value);
    } else {
      throw new UsageError(`Unknown option: --${name}`);
    }
  }
  return out;
}

/** A mistake in how a command was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** Resolves on the first SIGINT or SIGTERM. Call it before announcing readiness. */
export function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

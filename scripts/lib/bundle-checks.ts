import { builtinModules } from 'node:module';
import type { Metafile } from 'esbuild';

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** True for `fs`, `node:fs`, `fs/promises` and the like. */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return builtinModules.includes(specifier) || builtinModules.includes(packageNameOf(specifier));
}

/** The modules an esbuild output leaves to `require` at run time. */
export function externalImports(metafile: Metafile | undefined, output: string): string[] {
  const imports = metafile?.outputs[output]?.imports ?? [];
  return [...new Set(imports.filter((entry) => entry.external).map((entry) => entry.path))];
}

/**
 * Problems with what a bundle requires at run time: each must be allowed explicitly (electron),
 * a Node built-in (when `allowBuiltins`), or a package the packaged app ships, i.e. one of
 * package.json's `dependencies` / `optionalDependencies`. A devDependency would be missing from
 * app.asar and crash the installed app on start, which no test that runs from the repo notices.
 */
export function runtimeRequireProblems(
  requires: readonly string[],
  options: { allow: readonly string[]; allowBuiltins: boolean; shipped: readonly string[] },
): string[] {
  const problems: string[] = [];
  for (const specifier of requires) {
    if (options.allow.includes(specifier)) continue;
    if (isNodeBuiltin(specifier)) {
      if (!options.allowBuiltins) problems.push(`${specifier} (a Node built-in)`);
      continue;
    }
    if (!options.shipped.includes(packageNameOf(specifier))) problems.push(`${specifier} (not a production dependency)`);
  }
  return problems;
}

/** The package names package.json ships in the app: dependencies and optionalDependencies. */
export function shippedPackages(packageJson: {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}): string[] {
  return [...Object.keys(packageJson.dependencies ?? {}), ...Object.keys(packageJson.optionalDependencies ?? {})];
}

/** Why a new object or folder name cannot be used, or null when it can. */
export function nameProblem(name: string, prefix: string): string | null {
  if (name.trim() === '') return 'Enter a name.';
  if (name.includes('/')) return 'A name cannot contain “/”: it separates folders.';
  if (name === '.' || name === '..') return '“.” and “..” are not usable as names.';
  // S3 limits whole keys, prefix included, to 1,024 bytes of UTF-8.
  if (new TextEncoder().encode(`${prefix}${name}/`).length > 1024) return 'The full key would be longer than the 1,024 bytes S3 allows.';
  return null;
}

/** The part of a file name a rename selects first: everything before the extension ("report" of "report.pdf"). */
export function stemLength(name: string): number {
  const dot = name.lastIndexOf('.');
  // A leading dot (".env") is part of the name, not an extension.
  return dot > 0 ? dot : name.length;
}

/** `s3://bucket/key` split into its parts; undefined for a local path. */
export function parseS3Uri(text: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(text);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

/** Positional arguments and `--options`, apart (options keep their order for parseArgs). */
export function splitPositionals(args: string[], valued: string[]): { positionals: string[]; options: string[] } {
  const positionals: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      options.push(arg);
      if (!arg.includes('=') && valued.includes(arg.slice(2)) && i + 1 < args.length) options.push(args[++i]!);
    } else positionals.push(arg);
  }
  return { positionals, options };
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

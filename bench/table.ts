/** One line of the results table. Empty strings leave a cell blank. */
export interface Row {
  label: string;
  unit: string;
  ours: string;
  s3rver: string;
  ratio: string;
  vsRaw: string;
  /** Server CPU milliseconds per request, ours and s3rver's (blank where not measured). */
  cpuOurs?: string;
  cpuTheirs?: string;
  /** The load generator's own CPU milliseconds per request against pail and s3rver (light client rows). */
  clientCpu?: string;
  verdict: string;
}

const HEADERS: Row = {
  label: 'Workload',
  unit: 'Unit',
  ours: 'pail',
  s3rver: 's3rver',
  ratio: 'pail/s3rver',
  vsRaw: 'pail/raw',
  cpuOurs: 'pail CPU ms/req',
  cpuTheirs: 's3rver CPU ms/req',
  clientCpu: 'client CPU ms/req (pail/s3rver)',
  verdict: 'Targets',
};
const NUMERIC: (keyof Row)[] = ['ours', 's3rver', 'ratio', 'vsRaw', 'cpuOurs', 'cpuTheirs', 'clientCpu'];

/** A plain-text table: left-aligned text columns, right-aligned numbers. */
export function formatTable(rows: Row[]): string {
  const keys = Object.keys(HEADERS) as (keyof Row)[];
  const cell = (r: Row, k: keyof Row) => r[k] ?? '';
  const widths = keys.map((k) => Math.max(...[HEADERS, ...rows].map((r) => cell(r, k).length)));
  const line = (r: Row) =>
    keys
      .map((k, i) => (NUMERIC.includes(k) ? cell(r, k).padStart(widths[i]!) : cell(r, k).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADERS), rule, ...rows.map(line)].join('\n');
}

export const fmt = {
  /** Decimal megabytes per second (1 MB = 10^6 bytes). */
  mbps: (bytesPerSecond: number) => (bytesPerSecond / 1e6).toFixed(1),
  ops: (perSecond: number) => perSecond.toFixed(0),
  ratio: (x: number) => `${x.toFixed(2)}x`,
  percent: (x: number) => `${(x * 100).toFixed(0)}%`,
  mb: (bytes: number) => (bytes / 1e6).toFixed(1),
  cpuMs: (ms: number) => (ms < 10 ? ms.toFixed(3) : ms.toFixed(0)),
};

/** "PASS ≥3x s3rver" / "MISS ≥3x s3rver", joined for a row with several targets. */
export function verdicts(checks: { ok: boolean; what: string }[]): string {
  return checks.map((c) => `${c.ok ? 'PASS' : 'MISS'} ${c.what}`).join(', ');
}

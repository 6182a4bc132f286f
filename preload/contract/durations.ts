/**
 * Durations as both ends show them. The core words its messages with these and the renderer its
 * labels, so "2 days 3 hours" reads the same in an error and in the share dialog.
 */

/** SigV4's longest presigned lifetime: 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

/** "1 hour", "2 days 3 hours", "45 seconds": the two largest units. */
export function describeDuration(totalSeconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const parts: string[] = [];
  let left = Math.max(0, Math.round(totalSeconds));
  for (const [size, name] of units) {
    const count = Math.floor(left / size);
    if (count > 0 && parts.length < 2) {
      parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
      left -= count * size;
    } else if (parts.length > 0) break;
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}

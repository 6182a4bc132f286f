// The UI is written in English, so numbers use English grouping ("10,000") everywhere;
// dates follow the person's own locale, as the OS file manager does.
const countFormat = new Intl.NumberFormat('en-US');
const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** 10000 → "10,000". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "1 object", "1,234 objects". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const UNITS = ['KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * Sizes in decimal units (1 KB = 1,000 bytes), as Finder, GNOME Files and storage providers'
 * bills count them: "512 bytes", "5.6 MB", "120 GB".
 */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return plural(bytes, 'byte');
  let value = bytes;
  let unit = -1;
  while (value >= 999.95 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // One decimal while it still says something ("5.6 MB"), none from 100 up ("120 GB").
  return `${value >= 100 ? Math.round(value) : decimalFormat.format(value)} ${UNITS[unit]}`;
}

/** "5.6 MB (5,600,000 bytes)" for a properties panel; below 1 KB the size is already in bytes: "6 bytes". */
export function formatSizeWithBytes(bytes: number): string {
  return bytes < 1000 ? formatSize(bytes) : `${formatSize(bytes)} (${plural(bytes, 'byte')})`;
}

/** An ISO date in the person's locale, or '' when unknown or unreadable. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

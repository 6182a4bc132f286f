import { describeDuration, MAX_PRESIGN_SECONDS } from '../../../../preload/contract';

/** The longest presigned link SigV4 allows: 7 days. */
export const MAX_LINK_SECONDS = MAX_PRESIGN_SECONDS;

/** "1 hour", "2 days 3 hours", "45 seconds": the two largest units. */
export const durationText = describeDuration;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Local clock time when the moment is today ("14:32"), else date and time. */
export function localTimeText(at: Date, now: Date): string {
  return at.toDateString() === now.toDateString() ? timeFormat.format(at) : dateTimeFormat.format(at);
}

/** "expires 14:32 (in 1 hour)", or "expired 5 minutes ago". */
export function expiryText(expiresAt: string, now: Date = new Date()): string {
  const at = new Date(expiresAt);
  const seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return `expired ${durationText(-seconds)} ago`;
  return `expires ${localTimeText(at, now)} (in ${durationText(seconds)})`;
}

/** The same moment in UTC, "2026-11-28 14:32:05 UTC". */
export function utcText(iso: string): string {
  return `${new Date(iso)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
}

/** The toast after copying: "Link copied — expires 14:32 (in 1 hour)". */
export function copiedNotice(count: number, expiresAt: string, now: Date = new Date()): string {
  return `${count === 1 ? 'Link' : `${count} links`} copied — ${expiryText(expiresAt, now)}`;
}

/** Units the custom expiry is entered in. */
export const EXPIRY_UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
export type ExpiryUnit = keyof typeof EXPIRY_UNITS;

/** Seconds of a custom expiry, or a sentence saying why it cannot be a presigned link. */
export function customExpiry(amount: string, unit: ExpiryUnit): { seconds: number } | { problem: string } {
  const value = Number(amount);
  if (!amount.trim() || !Number.isFinite(value) || value <= 0) return { problem: 'Enter how long the link should last.' };
  const seconds = Math.round(value * EXPIRY_UNITS[unit]);
  if (seconds < 1) return { problem: 'A link must last at least 1 second.' };
  if (seconds > MAX_LINK_SECONDS) {
    return {
      problem:
        'Presigned links last at most 7 days: S3 refuses longer signatures. For longer, make a protected link (Pail serves it, with no 7-day limit) or share the public URL of a public bucket.',
    };
  }
  return { seconds };
}

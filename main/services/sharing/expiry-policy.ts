import { PailError } from '../errors/pail-error.js';
import { describeDuration, MAX_PRESIGN_SECONDS } from '../../../preload/contract/durations.js';

export { describeDuration, MAX_PRESIGN_SECONDS };

/** Past this much difference between our clock and the server's, links may be invalid already. */
export const SKEW_WARNING_SECONDS = 5 * 60;

/** What the person asked for and what the credentials allow. */
export interface ExpiryInput {
  requestedSeconds: number;
  /** When the signing credentials stop working (temporary credentials), if known. */
  credentialsExpireAt?: Date | undefined;
  /** True when the credentials carry a session token (temporary) even if their end is unknown. */
  temporary: boolean;
  now: Date;
}

/** The expiry a link really gets, and why it differs from the one asked for. */
export interface ExpiryDecision {
  seconds: number;
  expiresAt: Date;
  /** A sentence saying why the link lives shorter than asked, when it does. */
  clampReason?: string;
  /** A sentence about temporary credentials whose end is unknown. */
  note?: string;
}

/**
 * Decides a presigned link's lifetime: 1 second to 7 days (longer is refused, pointing to what
 * works instead), never longer than the temporary credentials that sign it — a link signed by
 * an STS/SSO session dies with the session, whatever expiry it carries.
 */
export function decideExpiry(input: ExpiryInput): ExpiryDecision {
  const requested = input.requestedSeconds;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new PailError('invalid-input', 'A link must last at least 1 second (a whole number of seconds).');
  }
  if (requested > MAX_PRESIGN_SECONDS) {
    throw new PailError(
      'invalid-input',
      'Presigned links can last at most 7 days (604800 seconds): S3 refuses longer signatures. For longer, make a protected link (served by Pail, no 7-day limit) or use the public URL of a public bucket.',
    );
  }
  const now = input.now.getTime();
  let seconds = requested;
  let clampReason: string | undefined;
  let note: string | undefined;
  if (input.credentialsExpireAt) {
    const left = Math.floor((input.credentialsExpireAt.getTime() - now) / 1000);
    if (left < 1) {
      throw new PailError(
        'access-denied',
        `The temporary credentials of this connection expired at ${input.credentialsExpireAt.toISOString()}. Refresh them (aws sso login, or new session keys) and try again.`,
      );
    }
    if (left < seconds) {
      seconds = left;
      clampReason = `These credentials are temporary and expire at ${input.credentialsExpireAt.toISOString()}; a link signed with them stops working then, so it lasts ${describeDuration(left)} instead of ${describeDuration(requested)}.`;
    }
  } else if (input.temporary) {
    note =
      'These credentials are temporary (they carry a session token) and Pail does not know when they end: the link stops working when they expire, whatever expiry it shows.';
  }
  const decision: ExpiryDecision = { seconds, expiresAt: new Date(now + seconds * 1000) };
  if (clampReason) decision.clampReason = clampReason;
  if (note) decision.note = note;
  return decision;
}

/** A skew warning when our clock and the server's differ by more than 5 minutes, else undefined. */
export function skewWarning(skewSeconds: number | undefined): string | undefined {
  if (skewSeconds === undefined || Math.abs(skewSeconds) <= SKEW_WARNING_SECONDS) return undefined;
  const direction = skewSeconds > 0 ? 'behind' : 'ahead of';
  // The Date header has whole seconds and the round trip blurs it: say it in minutes.
  const minutes = Math.round(Math.abs(skewSeconds) / 60) * 60;
  return `This computer's clock is ${describeDuration(minutes)} ${direction} the server's. Links are checked against the server's clock, so they may be invalid already or expire at the wrong time. Set the clock automatically (NTP) and make the link again.`;
}

import { describe, expect, it } from 'vitest';
import { copiedNotice, customExpiry, durationText, expiryText, utcText } from './expiry-text';

describe('expiry text', () => {
  const now = new Date(2026, 10, 28, 13, 32, 0);
  it('says when a link expires and how long is left', () => {
    const inOneHour = new Date(now.getTime() + 3600_000).toISOString();
    expect(copiedNotice(1, inOneHour, now)).toMatch(/^Link copied — expires (14|02):32( PM)? \(in 1 hour\)$/);
    expect(copiedNotice(3, inOneHour, now)).toMatch(/^3 links copied — expires/);
    expect(expiryText(new Date(now.getTime() - 300_000).toISOString(), now)).toBe('expired 5 minutes ago');
  });
  it('writes durations with the two largest units', () => {
    expect(durationText(1)).toBe('1 second');
    expect(durationText(90_061)).toBe('1 day 1 hour');
    expect(durationText(604_800)).toBe('7 days');
  });
  it('gives UTC beside local time', () => {
    expect(utcText('2026-11-28T14:32:05.000Z')).toBe('2026-11-28 14:32:05 UTC');
  });
  it('accepts 1 second to 7 days, and explains what to use beyond', () => {
    expect(customExpiry('1', 'seconds')).toEqual({ seconds: 1 });
    expect(customExpiry('7', 'days')).toEqual({ seconds: 604_800 });
    expect(customExpiry('8', 'days')).toMatchObject({ problem: expect.stringMatching(/at most 7 days.*protected link.*public URL/) });
    expect(customExpiry('0', 'hours')).toMatchObject({ problem: expect.any(String) });
  });
});

import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatSize, formatSizeWithBytes, plural } from './format';

describe('formatting', () => {
  it('groups counts', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(plural(1, 'object')).toBe('1 object');
    expect(plural(1234, 'object')).toBe('1,234 objects');
  });

  it('writes sizes in decimal units', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(999)).toBe('999 bytes');
    expect(formatSize(1000)).toBe('1 KB');
    expect(formatSize(5_600_000)).toBe('5.6 MB');
    expect(formatSize(123_456_789)).toBe('123 MB');
    expect(formatSize(999_999)).toBe('1 MB');
    expect(formatSize(2.5e12)).toBe('2.5 TB');
    expect(formatSizeWithBytes(6)).toBe('6 bytes');
    expect(formatSizeWithBytes(5_600_000)).toBe('5.6 MB (5,600,000 bytes)');
  });

  it('leaves unknown dates empty', () => {
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('not a date')).toBe('');
    expect(formatDate('2024-05-01T12:00:00.000Z')).not.toBe('');
  });
});

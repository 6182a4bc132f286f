import { describe, expect, it } from 'vitest';
import { statusText } from './status-text';

describe('status text', () => {
  it('counts while loading and when done', () => {
    expect(statusText({ status: 'loading', shown: 3000, total: 3000, filtered: false, noun: 'object' })).toBe('Loading… 3,000 objects');
    expect(statusText({ status: 'done', shown: 10000, total: 10000, filtered: false, noun: 'object' })).toBe('10,000 objects');
    expect(statusText({ status: 'done', shown: 1, total: 1, filtered: false, noun: 'bucket' })).toBe('1 bucket');
  });

  it('counts folders as folders', () => {
    expect(statusText({ status: 'done', shown: 6, total: 6, filtered: false, noun: 'object', folders: 6 })).toBe('6 folders');
    expect(statusText({ status: 'done', shown: 6, total: 6, filtered: false, noun: 'object', folders: 2 })).toBe('2 folders, 4 objects');
    expect(statusText({ status: 'done', shown: 1, total: 1, filtered: false, noun: 'object', folders: 1 })).toBe('1 folder');
    expect(statusText({ status: 'done', shown: 2, total: 6, filtered: true, noun: 'object', folders: 2 })).toBe('2 of 6 items');
    expect(statusText({ status: 'done', shown: 2, total: 6, filtered: true, noun: 'object', folders: 6 })).toBe('2 of 6 folders');
  });

  it('says N of M under a filter', () => {
    expect(statusText({ status: 'done', shown: 12, total: 10000, filtered: true, noun: 'object' })).toBe('12 of 10,000 objects');
  });

  it('says how an unfinished listing ended', () => {
    expect(statusText({ status: 'cancelled', shown: 3000, total: 3000, filtered: false, noun: 'object' })).toBe(
      '3,000 objects (listing cancelled)',
    );
    expect(statusText({ status: 'error', shown: 0, total: 0, filtered: false, noun: 'object' })).toBe('0 objects (listing failed)');
  });
});

import { describe, expect, it } from 'vitest';
import { baseName, parentLocation, parentPrefix, prefixChain, s3Uri, sameLocation } from './location';

describe('locations', () => {
  it('goes up one level at a time, ending at the connection', () => {
    const deep = { connectionId: 'c', bucket: 'b', prefix: 'a/b/' };
    expect(parentLocation(deep)).toEqual({ connectionId: 'c', bucket: 'b', prefix: 'a/' });
    expect(parentLocation({ connectionId: 'c', bucket: 'b', prefix: 'a/' })).toEqual({ connectionId: 'c', bucket: 'b', prefix: '' });
    expect(parentLocation({ connectionId: 'c', bucket: 'b', prefix: '' })).toEqual({ connectionId: 'c', bucket: null, prefix: '' });
    expect(parentLocation({ connectionId: 'c', bucket: null, prefix: '' })).toBeNull();
  });

  it('splits prefixes', () => {
    expect(parentPrefix('a/b/c/')).toBe('a/b/');
    expect(parentPrefix('a/')).toBe('');
    expect(prefixChain('a/b/c/')).toEqual(['a/', 'a/b/', 'a/b/c/']);
    expect(prefixChain('')).toEqual([]);
  });

  it('names the last segment and keeps odd keys visible', () => {
    expect(baseName('photos/2024/')).toBe('2024');
    expect(baseName('photos/cat.jpg')).toBe('cat.jpg');
    expect(baseName('/')).toBe('/');
  });

  it('compares and formats', () => {
    expect(sameLocation({ connectionId: 'c', bucket: 'b', prefix: '' }, { connectionId: 'c', bucket: 'b', prefix: '' })).toBe(true);
    expect(sameLocation(null, null)).toBe(true);
    expect(s3Uri('b', 'a/x.txt')).toBe('s3://b/a/x.txt');
  });
});

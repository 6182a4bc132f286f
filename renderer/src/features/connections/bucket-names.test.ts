import { describe, expect, it } from 'vitest';
import { bucketNameProblem } from './bucket-names';

describe('bucket names', () => {
  it('accepts valid names and explains invalid ones', () => {
    expect(bucketNameProblem('my-photos.2024')).toBeNull();
    expect(bucketNameProblem('ab')).toMatch(/3 to 63/);
    expect(bucketNameProblem('My_Bucket')).toMatch(/lowercase/);
    expect(bucketNameProblem('-abc')).toMatch(/starts and ends/);
    expect(bucketNameProblem('a..b')).toMatch(/two dots/);
    expect(bucketNameProblem('192.168.1.1')).toMatch(/IP address/);
  });
});

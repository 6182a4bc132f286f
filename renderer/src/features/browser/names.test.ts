import { describe, expect, it } from 'vitest';
import { nameProblem, stemLength } from './names';

describe('names', () => {
  it('explains unusable names', () => {
    expect(nameProblem('', '')).toMatch(/Enter a name/);
    expect(nameProblem('a/b', '')).toMatch(/cannot contain/);
    expect(nameProblem('..', '')).toMatch(/not usable/);
    expect(nameProblem('x'.repeat(1100), '')).toMatch(/1,024 bytes/);
    expect(nameProblem('report 2024', 'docs/')).toBeNull();
  });

  it('selects the stem of a file name', () => {
    expect(stemLength('report.pdf')).toBe(6);
    expect(stemLength('archive.tar.gz')).toBe(11);
    expect(stemLength('.env')).toBe(4);
    expect(stemLength('README')).toBe(6);
  });
});

/**
 * Why a bucket name would be refused, or null. The common S3 rules; providers may be stricter,
 * and their own message is shown then.
 */
export function bucketNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return 'A bucket name has 3 to 63 characters.';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'Use lowercase letters, digits, dots and hyphens only.';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'A bucket name starts and ends with a letter or digit.';
  if (name.includes('..')) return 'A bucket name cannot contain two dots in a row.';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'A bucket name cannot look like an IP address.';
  return null;
}

import { S3Error } from '../../s3-error.js';

/** One condition of a POST policy, with the field name lowercased and without its `$`. */
export type PolicyCondition =
  { kind: 'eq' | 'starts-with'; field: string; value: string; text: string } | { kind: 'content-length-range'; min: number; max: number };

/** A decoded POST policy document. */
export interface PostPolicy {
  /** Epoch milliseconds. */
  expiration: number;
  conditions: PolicyCondition[];
}

/** The allowed size of the file, from `content-length-range` (S3's 5 GiB limit otherwise). */
export interface SizeRange {
  min: number;
  max: number;
}

/**
 * Form fields the policy need not mention (S3 user guide, "Creating a POST policy": everything
 * but x-amz-signature, file, policy and x-ignore-* for SigV4; AWSAccessKeyId and signature for
 * SigV2).
 */
function isExempt(field: string): boolean {
  return (
    field === 'x-amz-signature' ||
    field === 'awsaccesskeyid' ||
    field === 'signature' ||
    field === 'file' ||
    field === 'policy' ||
    field.startsWith('x-ignore-')
  );
}

function invalidPolicy(detail: string): S3Error {
  return new S3Error('InvalidPolicyDocument', `Invalid Policy: ${detail}`);
}

/** Decodes the form's `policy` field: base64 of a JSON document with `expiration` and `conditions`. */
export function parsePostPolicy(base64: string): PostPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(relaxedPolicyJson(Buffer.from(base64, 'base64').toString('utf8')));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (expiration === undefined) throw invalidPolicy('Policy missing expiration.');
  const expires = typeof expiration === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(expiration) ? Date.parse(expiration) : NaN;
  if (Number.isNaN(expires)) throw invalidPolicy(`Invalid 'expiration' value: '${String(expiration)}'`);
  if (conditions === undefined) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(conditions)) throw invalidPolicy("Invalid 'conditions' value: must be a list.");
  return { expiration: expires, conditions: conditions.flatMap(parseCondition) };
}

/**
 * The policy text as strict JSON. S3 reads a little more than JSON: the user guide's own example
 * policy ends its conditions with a trailing comma, and its "Character escaping" table adds `\$`
 * (a literal dollar) and `\v` (vertical tab) to JSON's escapes. Strings are walked so their
 * contents are never mistaken for structure.
 */
function relaxedPolicyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') {
        const next = text[i + 1];
        i += 1;
        if (next === '$') out += '$';
        else if (next === 'v') out += '\\u000b';
        else out += c + (next ?? '');
        continue;
      }
      if (c === '"') inString = false;
      out += c;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ',') {
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next]!)) next++;
      if (text[next] === ']' || text[next] === '}') continue;
    }
    out += c;
  }
  return out;
}

function parseCondition(condition: unknown): PolicyCondition[] {
  if (Array.isArray(condition)) {
    const [op, a, b] = condition as unknown[];
    const operator = typeof op === 'string' ? op.toLowerCase() : '';
    if (operator === 'content-length-range') {
      const min = sizeOf(a);
      const max = sizeOf(b);
      if (condition.length !== 3 || min === undefined || max === undefined || min > max)
        throw invalidPolicy(`Invalid content-length-range condition: ${JSON.stringify(condition)}`);
      return [{ kind: 'content-length-range', min, max }];
    }
    if ((operator === 'eq' || operator === 'starts-with') && condition.length === 3 && typeof a === 'string' && typeof b === 'string') {
      if (!a.startsWith('$')) throw invalidPolicy(`Invalid Condition: the field name must start with $: ${JSON.stringify(condition)}`);
      return [{ kind: operator, field: a.slice(1).toLowerCase(), value: b, text: `["${operator}", "${a}", "${b}"]` }];
    }
    throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)}`);
  }
  if (typeof condition === 'object' && condition !== null) {
    const entries = Object.entries(condition);
    if (entries.length === 0) throw invalidPolicy('Invalid Simple-Condition: an empty object.');
    return entries.map(([name, value]) => {
      if (typeof value !== 'string') throw invalidPolicy(`Invalid Simple-Condition: value of ${name} must be a string.`);
      return { kind: 'eq', field: name.toLowerCase(), value, text: `["eq", "$${name}", "${value}"]` };
    });
  }
  throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)}`);
}

function sizeOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Checks a policy against the form, as S3 does before it reads the file: not expired, every
 * condition met (`values` holds the fields by lowercase name, the key with `${filename}` already
 * replaced, and `bucket`), and every field covered by a condition. Returns the allowed file size.
 */
export function checkPostPolicy(policy: PostPolicy, values: ReadonlyMap<string, string>, maxSize: number, now = Date.now()): SizeRange {
  if (now >= policy.expiration) throw new S3Error('AccessDenied', 'Invalid according to Policy: Policy expired.');
  const range: SizeRange = { min: 0, max: maxSize };
  const covered = new Set<string>();
  for (const condition of policy.conditions) {
    if (condition.kind === 'content-length-range') {
      range.min = Math.max(range.min, condition.min);
      range.max = Math.min(range.max, condition.max);
      continue;
    }
    covered.add(condition.field);
    const actual = values.get(condition.field) ?? '';
    if (!conditionHolds(condition.kind, condition.field, actual, condition.value))
      throw new S3Error('AccessDenied', `Invalid according to Policy: Policy Condition failed: ${condition.text}`);
  }
  const extra = [...values.keys()].filter((field) => field !== 'bucket' && !isExempt(field) && !covered.has(field));
  if (extra.length > 0) throw new S3Error('AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return range;
}

function conditionHolds(kind: 'eq' | 'starts-with', field: string, actual: string, expected: string): boolean {
  if (kind === 'eq') return actual === expected;
  // A Content-Type of several comma-separated values must match in each (S3 user guide, "Condition matching").
  if (field === 'content-type') return actual.split(',').every((part) => part.trim().startsWith(expected));
  return actual.startsWith(expected);
}

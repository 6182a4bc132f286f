/**
 * Presigned URLs and Authorization headers are bearer secrets. Everything Pail logs or reports —
 * the local server's request log, the app's error reports, share history — passes through here.
 */

/** Parameter names whose values are secrets (compared after percent-decoding, case-insensitively). */
const SECRET_NAMES = new Set(['x-amz-signature', 'x-amz-credential', 'x-amz-security-token', 'signature', 'awsaccesskeyid', 'credential']);

const MARK = 'REDACTED';

// A `name=value` pair inside a query string, an Authorization header (`Credential=…, Signature=…`)
// or free text: the name starts after `?`, `&`, `;`, `,`, whitespace or the start of the text.
const PAIR = /(^|[?&;,\s])([^=&?;,\s#]+)=([^&;,\s#"'<>]*)/g;

/**
 * Replaces the value of every secret parameter in `text` with REDACTED. Names are matched after
 * percent-decoding, since servers decode them too (`X-Amz-Signatur%65=…` is a signature).
 */
export function redact(text: string): string {
  return text.replace(PAIR, (whole, lead: string, name: string) => (isSecretName(name) ? `${lead}${name}=${MARK}` : whole));
}

function isSecretName(raw: string): boolean {
  let name = raw;
  // Decode repeatedly: a name encoded twice is still decoded twice by some proxies.
  for (let i = 0; i < 3 && name.includes('%'); i++) {
    try {
      name = decodeURIComponent(name);
    } catch {
      break;
    }
  }
  return SECRET_NAMES.has(name.replace(/\+/g, ' ').trim().toLowerCase());
}

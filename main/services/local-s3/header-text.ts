/**
 * Header values and text. Node hands header values over as Latin-1 (one character per byte) and
 * writes them back the same way, refusing characters above U+00FF. S3 treats header bytes as
 * UTF-8: these helpers turn wire values into text on the way in and text into UTF-8 bytes on the
 * way out, so no valid value can make a response fail.
 */

const NON_ASCII = /[\u0080-\uffff]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a header value as received: its bytes as UTF-8 when they are valid UTF-8, else Latin-1. */
export function fromWire(value: string): string {
  if (!NON_ASCII.test(value)) return value;
  // Characters above U+00FF did not come off the wire: already text (a presigned URL's query value).
  if (/[\u0100-\uffff]/.test(value)) return value;
  try {
    return utf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** A header value for `setHeader`: text encoded as UTF-8 bytes (Node writes each character as one byte). */
export function toWire(value: string): string {
  return !NON_ASCII.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1');
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded-words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`), as S3 does for user metadata
 * before storing it. Whitespace between adjacent encoded-words is dropped (RFC 2047 section 6.2).
 * Unknown charsets are left as they are.
 */
export function decodeRfc2047(value: string): string {
  if (!value.includes('=?')) return value;
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => {
    const cs = charset.toLowerCase().replace(/\*.*$/, '');
    if (cs !== 'utf-8' && cs !== 'us-ascii' && cs !== 'iso-8859-1') return word;
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          );
    return cs === 'utf-8' ? bytes.toString('utf8') : bytes.toString('latin1');
  });
}

/** Text for a metadata header as S3 returns it: as is when US-ASCII, else an RFC 2047 `=?UTF-8?B?…?=` word. */
export function encodeRfc2047(value: string): string {
  if (!NON_ASCII.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

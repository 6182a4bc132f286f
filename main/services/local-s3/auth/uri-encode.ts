/**
 * SigV4's URI encoding: every byte but A–Z a–z 0–9 - . _ ~ is percent-encoded (uppercase hex).
 * encodeURIComponent leaves ! ' ( ) * alone, so those are fixed up.
 */
export function uriEncode(text: string, keepSlash = false): string {
  const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replaceAll('%2F', '/') : encoded;
}

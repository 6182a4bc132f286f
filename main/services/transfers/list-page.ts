/** One page of a ListObjectsV2 answer, as the direct path reads it. */
export interface ListPage {
  objects: { key: string; size: number }[];
  /** The continuation token of the next page, when the listing is truncated. */
  next?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text to a string: the five named entities and numeric character references. */
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The text of the first `<name>` element in `xml`, unescaped, or undefined. */
function element(xml: string, name: string): string | undefined {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return undefined;
  const start = open + name.length + 2;
  const end = xml.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : unescapeXml(xml.slice(start, end));
}

/**
 * Reads a ListBucketResult (ListObjectsV2, no delimiter): each Contents' Key and Size, and
 * NextContinuationToken when IsTruncated. Keys, sizes and tokens are plain text elements, so
 * this needs no general XML parser (and none of the SDK's start-up). Anything else throws.
 */
export function parseListPage(xml: string): ListPage {
  if (!xml.includes('<ListBucketResult')) throw new Error('The server did not answer the listing with a ListBucketResult.');
  const objects: ListPage['objects'] = [];
  let at = 0;
  for (;;) {
    const open = xml.indexOf('<Contents>', at);
    if (open < 0) break;
    const close = xml.indexOf('</Contents>', open);
    if (close < 0) throw new Error('The listing answer was cut short.');
    const item = xml.slice(open, close);
    const key = element(item, 'Key');
    const size = Number(element(item, 'Size'));
    if (key === undefined || !Number.isSafeInteger(size)) throw new Error('The listing answer has an entry without a key or size.');
    objects.push({ key, size });
    at = close;
  }
  const truncated = element(xml, 'IsTruncated') === 'true';
  const next = truncated ? element(xml, 'NextContinuationToken') : undefined;
  if (truncated && !next) throw new Error('The listing answer is truncated but names no next page.');
  return next ? { objects, next } : { objects };
}

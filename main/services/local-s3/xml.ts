import { XMLParser } from 'fast-xml-parser';
import { S3Error } from './s3-error.js';

/** A value of an XML tree to serialize: text, a nested element, or a list of repeated elements. */
export type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlValue[];
/** Element name → value; arrays repeat the element, undefined/null omit it. */
export interface XmlNode {
  [name: string]: XmlValue;
}

const XML_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Escapes text for XML, including characters XML 1.0 cannot carry (keys are arbitrary UTF-8). */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return text.replace(/[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      // Control characters are written as character references, as S3 does.
      default:
        return `&#x${c.charCodeAt(0).toString(16)};`;
    }
  });
}

function writeValue(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) writeValue(name, item, out);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [child, childValue] of Object.entries(value)) writeValue(child, childValue, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** Serializes an S3 response document with its namespace on the root element. */
export function toXml(root: string, body: XmlNode, withNamespace = true): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  out.push(withNamespace ? `<${root} xmlns="${XML_NS}">` : `<${root}>`);
  for (const [name, value] of Object.entries(body)) writeValue(name, value, out);
  out.push(`</${root}>`);
  return out.join('');
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes XML's five predefined entities and numeric character references (`&#34;`, `&#x22;`) in
 * one pass, so `&amp;#34;` stays `&#34;`. Go clients (rclone) write quotes in ETags as `&#34;`,
 * and keys with control characters arrive as `&#x1;`. DOCTYPE-declared entities are never expanded;
 * an unknown named entity is left as written.
 */
function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return String.fromCodePoint(code);
  });
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  entityDecoder: { decode: decodeXmlText, reset() {}, setExternalEntities() {}, addInputEntities() {}, setXmlVersion() {} },
});

/**
 * Parses a request body's XML. Anything malformed is S3's MalformedXML, never a crash.
 * Values stay strings; `asList` normalizes elements that may appear once or many times.
 */
export function parseXml(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<')) throw new S3Error('MalformedXML');
  let parsed: unknown;
  try {
    parsed = parser.parse(trimmed, true);
  } catch {
    throw new S3Error('MalformedXML');
  }
  if (!parsed || typeof parsed !== 'object') throw new S3Error('MalformedXML');
  return parsed as Record<string, unknown>;
}

/** An element that may occur zero, one or many times, as a list. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element, or undefined when absent or not text. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A child element as an object, or MalformedXML. */
export function elementOf(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (value === '') return {};
  throw new S3Error('MalformedXML');
}

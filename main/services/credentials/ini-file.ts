/** One `[header]` section of an INI file, as the AWS shared config and credentials files use it. */
export interface IniSection {
  /** The text between the brackets, trimmed: `default`, `profile dev`, `sso-session corp`. */
  header: string;
  /** Property names are lower-cased (as the AWS CLI's parser does); a later assignment wins. */
  values: Map<string, string>;
  /**
   * Sub-properties of a property whose value was empty, keyed by that property:
   * `s3 =` followed by indented `addressing_style = path` lines.
   */
  nested: Map<string, Map<string, string>>;
}

/**
 * Parses INI text the way the AWS SDKs read their shared files. Never throws: a line it cannot
 * understand is skipped, so one typo does not hide every other profile.
 *
 * - Comment lines start with `#` or `;`. On a property line a comment needs whitespace before it
 *   (`key = v #note`), because values such as secret keys may contain those characters.
 * - Indented lines belong to the property above: sub-properties when its value was empty,
 *   otherwise a continuation of its value.
 * - After a malformed header, properties are dropped until the next good header, so they can
 *   never be filed under the wrong profile.
 */
export function parseIni(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let section: IniSection | undefined;
  let lastKey: string | undefined;

  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;

    if (trimmed.startsWith('[')) {
      const header = parseHeader(trimmed);
      section = header === undefined ? undefined : { header, values: new Map(), nested: new Map() };
      if (section) sections.push(section);
      lastKey = undefined;
      continue;
    }
    if (!section) continue;

    const indented = /^[ \t]/.test(rawLine);
    if (indented && lastKey !== undefined) {
      addIndentedLine(section, lastKey, stripComment(trimmed));
      continue;
    }

    const property = parseProperty(stripComment(trimmed));
    if (!property) {
      lastKey = undefined;
      continue;
    }
    section.values.set(property.key, property.value);
    // A re-assigned property starts over rather than mixing old and new sub-properties.
    section.nested.delete(property.key);
    lastKey = property.key;
  }
  return sections;
}

function parseHeader(line: string): string | undefined {
  const close = line.indexOf(']');
  if (close === -1) return undefined;
  // Only a comment may follow the closing bracket.
  const rest = line.slice(close + 1).trim();
  if (rest !== '' && !rest.startsWith('#') && !rest.startsWith(';')) return undefined;
  const header = line.slice(1, close).trim();
  return header === '' ? undefined : header;
}

function parseProperty(line: string): { key: string; value: string } | undefined {
  const eq = line.indexOf('=');
  if (eq <= 0) return undefined;
  const key = line.slice(0, eq).trim().toLowerCase();
  if (key === '') return undefined;
  return { key, value: line.slice(eq + 1).trim() };
}

function addIndentedLine(section: IniSection, parentKey: string, line: string): void {
  if (line === '') return;
  const parentValue = section.values.get(parentKey) ?? '';
  if (parentValue !== '') {
    // The SDKs join continuation lines to the value with a newline.
    section.values.set(parentKey, `${parentValue}\n${line}`);
    return;
  }
  // `s3 =` opens a block of sub-properties.
  const sub = parseProperty(line);
  if (!sub) return;
  let nested = section.nested.get(parentKey);
  if (!nested) {
    nested = new Map();
    section.nested.set(parentKey, nested);
  }
  nested.set(sub.key, sub.value);
}

/** Drops a trailing comment: `#` or `;` preceded by whitespace. */
function stripComment(line: string): string {
  const match = /[ \t][#;]/.exec(line);
  return (match ? line.slice(0, match.index) : line).trim();
}

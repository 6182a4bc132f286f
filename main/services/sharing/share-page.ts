/** The recipient's pages: plain HTML, no script, nothing about where the file lives. */

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escape(title)}</title><style>body{font:15px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.3rem;overflow-wrap:anywhere}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#666}form{display:flex;flex-direction:column;gap:.5rem;margin-top:1rem}input,button{font:inherit;padding:.4rem .6rem}.error{color:#b42318}footer{margin-top:2rem;color:#888;font-size:.8rem}</style></head><body>${body}<footer>Shared with Pail</footer></body></html>`;
}

function size(bytes: number | undefined): string {
  if (bytes === undefined) return 'unknown';
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** What the download page shows: the file's name, size and expiry only. */
export interface PageFacts {
  id: string;
  fileName: string;
  size?: number;
  expiresAt?: string;
  hasPassword: boolean;
  downloadsLeft?: number;
}

/** The download page, with a password field when the link has one and an error line when given. */
export function downloadPage(facts: PageFacts, error?: string): string {
  const expiry = facts.expiresAt ? `${new Date(facts.expiresAt).toUTCString()}` : 'when the sender revokes it';
  return page(
    facts.fileName,
    `<h1>${escape(facts.fileName)}</h1><dl><dt>Size</dt><dd>${size(facts.size)}</dd><dt>Available until</dt><dd>${escape(expiry)}</dd>${
      facts.downloadsLeft !== undefined ? `<dt>Downloads left</dt><dd>${facts.downloadsLeft}</dd>` : ''
    }</dl><form method="post" action="/s/${escape(facts.id)}/download">${
      facts.hasPassword
        ? '<label for="password">Password</label><input id="password" name="password" type="password" required autofocus>'
        : ''
    }${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}<button type="submit">Download</button></form>`,
  );
}

/** A page saying the link cannot be used, and why, without telling what it pointed to. */
export function unavailablePage(message: string): string {
  return page('Link unavailable', `<h1>This link is not available</h1><p>${escape(message)}</p>`);
}

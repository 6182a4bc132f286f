/** What the renderer build needs beyond the strict default. */
export interface CspOptions {
  /**
   * Allow `<style>` elements and style attributes written in markup. React's `style={…}` props
   * go through the CSSOM, which CSP does not restrict, so a Vite build normally does not need it.
   */
  allowInlineStyles?: boolean;
}

/**
 * What Pail's renderer build needs: Vite emits stylesheets as files and React styles through
 * the CSSOM, so no inline styles. The packaging test checks the built index.html against this.
 */
export const PAIL_CSP_OPTIONS: Readonly<CspOptions> = { allowInlineStyles: false };

/**
 * The Content-Security-Policy of every `app://` response: only Pail's own files run; no inline
 * or eval'd script, no plugins, no remote connections (the renderer talks to main over IPC), no
 * framing, and `<base>` cannot redirect relative URLs.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', options.allowInlineStyles ? "'self' 'unsafe-inline'" : "'self'"],
    ['connect-src', "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/** Headers every `app://` response carries, on top of its Content-Type. */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    // Pail's files are typed by extension; never let Chromium guess a script out of data.
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../../main/app/pure/csp.js';
import { FALLBACK_MIME_TYPE, mimeTypeFor } from '../../main/app/pure/mime-types.js';

function directives(csp: string): Map<string, string> {
  return new Map(csp.split('; ').map((d) => [d.slice(0, d.indexOf(' ')), d.slice(d.indexOf(' ') + 1)]));
}

describe('contentSecurityPolicy', () => {
  it('allows only Pail’s own files and forbids inline script, plugins, framing and <base>', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('img-src')).toBe("'self' data:");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|\*/);
  });

  it('relaxes styles only when asked, and never scripts', () => {
    const csp = directives(contentSecurityPolicy({ allowInlineStyles: true }));
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('script-src')).toBe("'self'");
  });

  it('comes with nosniff', () => {
    expect(securityHeaders()).toMatchObject({ 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' });
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/index-D1x.js', 'text/javascript; charset=utf-8'],
    ['assets/chunk.MJS', 'text/javascript; charset=utf-8'],
    ['assets/index.css', 'text/css; charset=utf-8'],
    ['assets/index.js.map', 'application/json; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['logo.PNG', 'image/png'],
    ['font.woff2', 'font/woff2'],
    ['module.wasm', 'application/wasm'],
  ])('%s → %s', (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });

  it('serves unknown or extension-less files as opaque bytes', () => {
    expect(mimeTypeFor('README')).toBe(FALLBACK_MIME_TYPE);
    expect(mimeTypeFor('archive.xyz')).toBe(FALLBACK_MIME_TYPE);
    expect(mimeTypeFor('dir.d/file')).toBe(FALLBACK_MIME_TYPE);
  });
});

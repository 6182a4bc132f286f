import { APP_ORIGIN, resolveAppRequest } from '../app/pure/app-url.js';
import { contentSecurityPolicy, PAIL_CSP_OPTIONS } from '../app/pure/csp.js';

// Browser mode serves the same renderer as the app:// protocol, with the same rules: these come
// from main/app/pure (runtime-agnostic, no electron) so the two can never drift apart.
export { mimeTypeFor as mimeType } from '../app/pure/mime-types.js';

/**
 * The file a URL path names inside `root`, or undefined when it would leave the root — resolved
 * exactly as an `app://` request for the same path would be.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  const resolution = resolveAppRequest('GET', `${APP_ORIGIN}${urlPath.startsWith('/') ? '' : '/'}${urlPath}`, root);
  return resolution.status === 200 ? resolution.filePath : undefined;
}

/** The renderer's Content-Security-Policy, identical in both transports. */
export const RENDERER_CSP = contentSecurityPolicy(PAIL_CSP_OPTIONS);

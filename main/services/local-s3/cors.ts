import type { CorsRule } from './store/object-store.js';

function originMatches(pattern: string, origin: string): boolean {
  if (pattern === '*') return true;
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === origin;
  return origin.length >= pattern.length - 1 && origin.startsWith(pattern.slice(0, star)) && origin.endsWith(pattern.slice(star + 1));
}

function headerAllowed(rule: CorsRule, name: string): boolean {
  const lower = name.toLowerCase();
  return rule.allowedHeaders.some((h) => originMatches(h.toLowerCase(), lower));
}

/** The first rule that allows this origin, method and (for preflights) request headers, as S3 evaluates. */
export function findCorsRule(
  rules: CorsRule[] | undefined,
  origin: string,
  method: string,
  requestHeaders: string[] = [],
): CorsRule | undefined {
  return rules?.find(
    (rule) =>
      rule.allowedOrigins.some((o) => originMatches(o, origin)) &&
      rule.allowedMethods.includes(method) &&
      requestHeaders.every((h) => headerAllowed(rule, h)),
  );
}

/** What a CORS answer depends on: caches must keep one answer per origin. */
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** The Access-Control-* headers a matching rule adds to a response. */
export function corsHeaders(rule: CorsRule, origin: string, preflightHeaders?: string[]): Record<string, string> {
  const wildcard = rule.allowedOrigins.includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': wildcard ? '*' : origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: VARY,
  };
  if (!wildcard) headers['access-control-allow-credentials'] = 'true';
  if (rule.exposeHeaders.length) headers['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  if (preflightHeaders?.length) headers['access-control-allow-headers'] = preflightHeaders.join(', ');
  return headers;
}

/**
 * The CORS headers of an actual (not preflight) request with an Origin to a bucket with CORS
 * rules: the first rule allowing the origin and method adds its Access-Control-* headers. The
 * answer varies on the Origin either way, so a cache never gives one origin's answer (with or
 * without Access-Control-Allow-Origin) to another.
 */
export function requestCorsHeaders(rules: CorsRule[], origin: string, method: string): Record<string, string> {
  const rule = findCorsRule(rules, origin, method);
  return rule ? corsHeaders(rule, origin) : { vary: VARY };
}

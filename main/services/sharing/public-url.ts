/**
 * Whether an object answers anyone: an anonymous HEAD of its plain URL. Only a 2xx counts; a
 * 403 (the usual answer), a redirect or no answer at all means the plain URL is no use to others.
 */
export async function isPubliclyReadable(url: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<boolean> {
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 4000) });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300;
  } catch {
    return false;
  }
}

import {
  BROWSER_TRANSPORT,
  callPath,
  EVENT_NAMES,
  METHOD_NAMES,
  subscriberName,
  type ApiErrorCode,
  type ApiResult,
  type EventName,
  type MethodName,
  type PailApi,
} from '../../../preload/contract';

/** What the browser client needs from the page; tests hand in their own. */
export interface BrowserClientOptions {
  /** Prefix of `/api/...` URLs; same origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
  writeClipboardText?: (text: string) => Promise<void>;
}

function failure(code: ApiErrorCode, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

function isApiResult(body: unknown): body is ApiResult<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const result = body as { ok: unknown; error?: { message?: unknown } };
  return result.ok === true ? 'value' in body : result.ok === false && typeof result.error?.message === 'string';
}

/**
 * The PailApi of browser mode (`pail serve`), over the transport preload/contract/browser-transport
 * describes: each call is a POST with `{"args": [...]}` answering a JSON ApiResult; events arrive
 * over Server-Sent Events, one SSE event name per contract event. The session cookie set when the page
 * was opened with ?token=… authenticates both, so nothing here carries the token.
 */
export function createBrowserClient(options: BrowserClientOptions = {}): PailApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const openEvents = options.createEventSource ?? ((url: string) => new EventSource(url));
  const writeText = options.writeClipboardText ?? ((text: string) => navigator.clipboard.writeText(text));

  async function call(name: MethodName, args: unknown[]): Promise<ApiResult<unknown>> {
    // The server has no clipboard of ours: the page writes it (the server answers `unsupported`).
    if (name === 'writeClipboard') return writeClipboard(String(args[0] ?? ''));
    let response: Response;
    try {
      response = await doFetch(`${base}${callPath(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
    } catch {
      return failure('unreachable', 'Pail’s server cannot be reached. Is `pail serve` still running?');
    }
    if (response.status === 401 || response.status === 403) {
      return failure(
        'access-denied',
        'This page is not signed in to Pail’s server. Open the link `pail serve` printed; it carries the access token.',
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure('internal', `Pail’s server answered ${response.status} without a result.`);
    }
    return isApiResult(body) ? body : failure('internal', `Pail’s server answered ${response.status} with something that is not a result.`);
  }

  async function writeClipboard(text: string): Promise<ApiResult<null>> {
    try {
      await writeText(text);
      return { ok: true, value: null };
    } catch {
      return failure(
        'unsupported',
        'The browser did not allow Pail to write to the clipboard. Allow clipboard access for this page, or copy from the properties panel.',
      );
    }
  }

  const listeners = new Map<EventName, Set<(event: unknown) => void>>();
  let source: EventSource | null = null;

  function subscribe(name: EventName, listener: (event: unknown) => void): () => void {
    if (!source) {
      // One stream for every event, opened on first use; EventSource reconnects by itself.
      source = openEvents(`${base}${BROWSER_TRANSPORT.eventsPath}`);
      for (const eventName of EVENT_NAMES) {
        source.addEventListener(eventName, (message) => {
          const data: unknown = JSON.parse((message as MessageEvent<string>).data);
          for (const each of listeners.get(eventName) ?? []) each(data);
        });
      }
    }
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return function unsubscribe() {
      set.delete(listener);
    };
  }

  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) api[name] = (...args: unknown[]) => call(name, args);
  for (const name of EVENT_NAMES) api[subscriberName(name)] = (listener: (event: unknown) => void) => subscribe(name, listener);
  // Built from the contract's own name lists, so it has exactly PailApi's members.
  return api as PailApi;
}

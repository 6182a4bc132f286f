import { PailError } from '../../services/errors/pail-error.js';
import { schemas } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** Facts about the app and the few things only the host can do (the clipboard in Electron). */
export function appHandlers(deps: HandlerDeps) {
  return {
    getAppInfo: {
      args: [],
      async run() {
        return { version: deps.version, transport: deps.transport, secretStorage: deps.secretStore.kind };
      },
    },
    writeClipboard: {
      args: [schemas.text],
      async run(text) {
        if (!deps.writeClipboard) throw new PailError('unsupported', 'In browser mode the page copies to the clipboard itself.');
        await deps.writeClipboard(text);
        return null;
      },
    },
  } satisfies DomainHandlers;
}

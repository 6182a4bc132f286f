import type { z } from 'zod';
import type { MethodName } from '../../../preload/contract/channels.js';
import type { ApiResult } from '../../../preload/contract/errors.js';
import type { HandlerTable } from '../handler-table.js';
import { toApiError } from '../to-api-error.js';
import { parseArgs } from '../validate.js';
import { appHandlers } from './app.js';
import { bucketHandlers } from './buckets.js';
import { connectionHandlers } from './connections.js';
import type { AllHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';
import { localBucketHandlers } from './local-bucket.js';
import { objectHandlers } from './objects.js';
import { settingsHandlers } from './settings.js';
import { transferHandlers } from './transfers.js';

export type { HandlerDeps } from './deps.js';

/**
 * The handler table: validates each call's arguments against the contract's schemas, runs the
 * services, and turns every failure into `{ code, message }` data. Both transports call exactly this.
 * One file per domain; the compiler checks that together they serve every method of the contract.
 */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  const all = {
    ...appHandlers(deps),
    ...connectionHandlers(deps),
    ...bucketHandlers(deps),
    ...objectHandlers(deps),
    ...localBucketHandlers(deps),
    ...settingsHandlers(deps),
    ...transferHandlers(deps),
  } satisfies AllHandlers;

  const table = {} as Record<MethodName, (args: unknown[]) => Promise<ApiResult<unknown>>>;
  for (const [name, handler] of Object.entries(all) as [
    MethodName,
    { args: readonly z.ZodType[]; run: (...a: unknown[]) => Promise<unknown> },
  ][]) {
    table[name] = async (args: unknown[]) => {
      try {
        const parsed = parseArgs(Array.isArray(args) ? args : [], handler.args);
        return { ok: true, value: await handler.run(...parsed) };
      } catch (err) {
        return { ok: false, error: toApiError(err, undefined, deps.log) };
      }
    };
  }
  return table as HandlerTable;
}

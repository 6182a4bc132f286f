import type { ApiResult } from '../../preload/contract/errors.js';
import type { MethodName, PailMethods } from '../../preload/contract/channels.js';

/**
 * The handler table both transports call: one entry per contract method. Arguments arrive
 * untrusted (`unknown[]`) and are validated inside; results are always ApiResult data.
 */
export type HandlerTable = {
  [K in MethodName]: (args: unknown[]) => Promise<ApiResult<ReturnType<PailMethods[K]>>>;
};

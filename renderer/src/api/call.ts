import type { ApiResult, MethodName, PailMethods } from '../../../preload/contract';
import { useStore } from '../store/store';
import { getApi } from './get-api';

type Value<K extends MethodName> = ReturnType<PailMethods[K]>;

/** Calls main and answers its ApiResult; a transport that throws becomes an `internal` error, never an exception. */
export async function call<K extends MethodName>(name: K, ...args: Parameters<PailMethods[K]>): Promise<ApiResult<Value<K>>> {
  // TypeScript cannot correlate a method name with its own signature through an indexed access.
  const method = getApi()[name] as unknown as (...a: Parameters<PailMethods[K]>) => Promise<ApiResult<Value<K>>>;
  try {
    return await method(...args);
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Like `call`, and a failure also shows as a dismissible alert (nothing fails silently). */
export async function callOrAlert<K extends MethodName>(name: K, ...args: Parameters<PailMethods[K]>): Promise<ApiResult<Value<K>>> {
  const result = await call(name, ...args);
  if (!result.ok && result.error.code !== 'cancelled') useStore.getState().pushAlert(result.error.message);
  return result;
}

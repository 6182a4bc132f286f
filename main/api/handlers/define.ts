import type { z } from 'zod';
import type { MethodName, PailMethods } from '../../../preload/contract/channels.js';

/**
 * One schema per argument position, each producing exactly the contract's parameter type, so a
 * schema that drifts from `PailMethods` is a compile error rather than a surprise at run time.
 */
export type ArgSchemas<P extends unknown[]> = { [I in keyof P]-?: z.ZodType<P[I]> };

/** How one contract method is served: its argument schemas and the code that runs once they pass. */
export interface MethodHandler<K extends MethodName> {
  args: ArgSchemas<Parameters<PailMethods[K]>>;
  run(...args: Parameters<PailMethods[K]>): Promise<ReturnType<PailMethods[K]>>;
}

/** Some of the contract's methods: what one domain file (connections, objects…) serves. */
export type DomainHandlers = { [K in MethodName]?: MethodHandler<K> };

/** Every method of the contract: the merged domains, checked for completeness by the compiler. */
export type AllHandlers = { [K in MethodName]: MethodHandler<K> };

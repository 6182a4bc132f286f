import type { OperationProgressEvent } from '../../../preload/contract';

/** Progress of long operations (delete, move), by the operation id the renderer chose. */
export interface OperationsSlice {
  operations: Readonly<Record<string, OperationProgressEvent>>;
}

export function createOperationsSlice(): OperationsSlice {
  return { operations: {} };
}

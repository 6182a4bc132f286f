export { OperationRegistry, PROGRESS_INTERVAL_MS, type OperationHandle } from './operation-registry.js';

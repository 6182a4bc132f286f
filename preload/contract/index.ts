export * from './channels.js';
export * from './errors.js';
export * from './types.js';
export * from './browser-transport.js';
export * from './provider-endpoints.js';
export * from './transfers.js';
export * from './durations.js';

export * from './channels.js';
export * from './errors.js';
export * from './types.js';
export * from './transfers.js';

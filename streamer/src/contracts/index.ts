export * from './common.js';
export * from './events.js';
export * from './receipts.js';
export * from './timestamp-command.js';
export * from './seer.js';
export * from './codec.js';
export * from './http.js';

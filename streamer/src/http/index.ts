export * from './errors.js';
export * from './local-token.js';
export * from './middleware.js';
export * from './ops.js';
export * from './service-env.js';
export * from './shutdown.js';
export * from './tokens.js';

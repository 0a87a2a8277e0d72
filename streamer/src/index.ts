export * from './contracts/index.js';
export * from './topics.js';

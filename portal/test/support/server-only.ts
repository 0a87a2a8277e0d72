// Stands in for the 'server-only' marker in unit tests, which run outside React's server build.
export {};

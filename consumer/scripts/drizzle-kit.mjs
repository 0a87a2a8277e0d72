/* global process, URL */
// Runs drizzle-kit so that it finds this workspace's drizzle-orm, which npm installed beside the
// workspace rather than at the root where drizzle-kit looks for it.
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';

const here = import.meta.url;
const require = createRequire(here);
register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) {
    return next(specifier, { ...context, parentURL: ${JSON.stringify(here)} });
  }
  return next(specifier, context);
}`),
);
process.env.NODE_PATH = new URL('../node_modules', here).pathname;
require('node:module').Module._initPaths();
const bin = join(dirname(require.resolve('drizzle-kit')), 'bin.cjs');
process.argv.splice(1, 1, bin);
require(bin);

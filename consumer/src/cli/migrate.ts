#!/usr/bin/env node
/**
 * Applies the committed SQL migrations to DATABASE_URL (or the local PGlite directory).
 *   --database-url <url>  another Postgres than DATABASE_URL
 * Exit codes: 0 applied or already current, 1 failed.
 */
import { parseArgs } from 'node:util';
import { loadConfig, type DatabaseTarget } from '../config.js';
import { openDatabase } from '../db/connection.js';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
const config = loadConfig();
const target: DatabaseTarget = values['database-url']
  ? { kind: 'postgres', url: values['database-url'] }
  : config.database;

const database = await openDatabase(target, { maxConnections: 1 });
try {
  await database.migrate();
  console.log(
    `migrated ${target.kind === 'postgres' ? 'Postgres' : `PGlite at ${target.dataDir}`}`,
  );
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}

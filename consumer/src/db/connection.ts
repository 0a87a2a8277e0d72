import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import { schema, type Schema } from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  kind: DatabaseTarget['kind'];
  db: Db;
  /** Applies the committed migrations that are not applied yet. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
const MIGRATIONS = { migrationsFolder: MIGRATIONS_FOLDER };

/** Opens (never migrates) the database a target names; PGlite creates its directory. */
export async function openDatabase(
  target: DatabaseTarget,
  options: { maxConnections?: number; onError?: (error: Error) => void } = {},
): Promise<Database> {
  if (target.kind === 'postgres') {
    // node-postgres rather than postgres.js: postgres.js 3.4.9 can throw an uncatchable
    // TypeError (null socket in nextWrite) when the server drops connections, which would turn
    // a database restart into a consumer crash.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'kafkloud-consumer',
    });
    // A client whose server went away emits 'error' (idle in the pool, or checked out between
    // two statements); without listeners the process dies. Its next query fails and is retried.
    const onError = (error: Error) => options.onError?.(error);
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
    const db = drizzlePostgres({ client: pool, schema });
    return {
      kind: 'postgres',
      db: db as unknown as Db,
      migrate: () => migratePostgres(db, MIGRATIONS),
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  await mkdir(target.dataDir, { recursive: true });
  const client = await PGlite.create(target.dataDir);
  const db = drizzlePglite({ client, schema });
  return {
    kind: 'pglite',
    db: db as unknown as Db,
    migrate: () => migratePglite(db, MIGRATIONS),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/** True when every committed migration has been applied to this database. */
export async function isSchemaCurrent(database: Database): Promise<boolean> {
  const journal = JSON.parse(await readFile(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  try {
    const rows = await selectRows<{ count: string | number }>(
      database.db,
      sql`select count(*) as count from drizzle.__drizzle_migrations`,
    );
    const applied = Number(rows[0]?.count ?? 0);
    return applied >= journal.entries.length;
  } catch {
    return false;
  }
}

/** postgres.js returns rows as an array, PGlite as `{ rows }`: this reads either. */
export async function selectRows<T>(
  db: Pick<Db, 'execute'>,
  query: Parameters<Db['execute']>[0],
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

import pg from "pg";
import { checkSchemaName, migrate } from "./schema.js";

export interface DatabaseOptions {
  /** postgres://user:password@host:5432/database (CATOPS_DATABASE_URL). */
  connectionString?: string;
  /** A pool of your own instead; it is not closed by CatOps. */
  pool?: pg.Pool;
  /** Where CatOps keeps its tables. Default "catops". */
  schema?: string;
  /** Connections in the pool CatOps opens. Default 10. */
  maxConnections?: number;
}

/** One pool and one schema, migrated; shared by the store, the queue and the scheduler. */
export interface Database {
  pool: pg.Pool;
  schema: string;
  /** The schema name, quoted for SQL. */
  quoted: string;
  /** Ends the pool when CatOps opened it. */
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (!options.pool && !options.connectionString)
    throw new Error("@catops/postgres: give a connectionString (CATOPS_DATABASE_URL) or a pool");
  const schema = checkSchemaName(options.schema ?? "catops");
  const owned = !options.pool;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      application_name: "catops",
    });
  // An idle connection the server dropped must not crash the process; the pool replaces it.
  if (owned) pool.on("error", () => {});
  try {
    await migrate(pool, schema);
  } catch (error) {
    if (owned) await pool.end().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    pool,
    schema,
    quoted: `"${schema}"`,
    async close() {
      if (!owned || closed) return;
      closed = true;
      await pool.end();
    },
  };
}

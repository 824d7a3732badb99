// The tables CatOps keeps in PostgreSQL, created or brought up to date on start. Versioned:
// each migration runs once, in order; several replicas starting at once queue on one advisory
// lock, so exactly one applies what is missing and the others find it done.
import type { Pool, PoolClient } from "pg";

/** A schema name CatOps may quote into SQL: letters, digits and underscores. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,50}$/;

export function checkSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema))
    throw new Error(
      `@catops/postgres: schema "${schema}" must be letters, digits and underscores (at most 51)`,
    );
  return schema;
}

/** The channel the database notifies when a job is asked to stop (payload: the job id). */
export const cancelChannel = (schema: string) => `${schema}:cancel`;
/** The channel a replica notifies when it queues a job, so idle workers fetch at once. */
export const jobChannel = (schema: string) => `${schema}:job`;

const MIGRATIONS: readonly ((s: string) => string)[] = [
  // 1: the key-value store. Versions come from one sequence, so a key deleted and written again
  // never shows a version an earlier reader saw. "C" collation: keys sort by bytes, as prefixes need.
  (s) => `
    CREATE SEQUENCE ${s}.catops_version;
    CREATE TABLE ${s}.catops_kv (
      key text COLLATE "C" PRIMARY KEY,
      value jsonb NOT NULL,
      version bigint NOT NULL,
      expires_at bigint
    );
    CREATE INDEX catops_kv_expires ON ${s}.catops_kv (expires_at) WHERE expires_at IS NOT NULL;`,
  // 2: a cancellation written to a job's record wakes the replica running it (LISTEN/NOTIFY).
  (s) => `
    CREATE FUNCTION ${s}.catops_notify_cancel() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(TG_TABLE_SCHEMA || ':cancel', substr(NEW.key, 5));
      RETURN NULL;
    END $$;
    CREATE TRIGGER catops_cancel_requested AFTER UPDATE ON ${s}.catops_kv FOR EACH ROW
      WHEN (NEW.key LIKE 'job:%' AND NEW.value ? 'cancelRequested'
            AND NOT (OLD.value ? 'cancelRequested'))
      EXECUTE FUNCTION ${s}.catops_notify_cancel();`,
  // 3: which replica works which queued job (for recovery when it dies), and scheduled work
  // that has fired (so a slot fires once across replicas).
  (s) => `
    CREATE TABLE ${s}.catops_claims (
      job_id text PRIMARY KEY,
      queue_job_id uuid NOT NULL,
      replica text NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE ${s}.catops_runs (
      name text NOT NULL,
      slot text NOT NULL,
      replica text NOT NULL,
      ran_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (name, slot)
    );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings `schema` up to the current version; safe to call from many processes at once. */
export async function migrate(pool: Pool, schema: string): Promise<number> {
  const s = `"${checkSchemaName(schema)}"`;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`catops-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.catops_migrations (
        version integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const applied = await appliedVersion(client, s);
    if (applied > MIGRATIONS.length)
      throw new Error(
        `@catops/postgres: schema "${schema}" is at version ${applied}, newer than this package knows (${MIGRATIONS.length}); upgrade @catops/postgres`,
      );
    for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1]!(s));
      await client.query(`INSERT INTO ${s}.catops_migrations (version) VALUES ($1)`, [version]);
    }
    await client.query("COMMIT");
    return MIGRATIONS.length - applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function appliedVersion(client: PoolClient, s: string): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${s}.catops_migrations`,
  );
  return rows[0]?.version ?? 0;
}

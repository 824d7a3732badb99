-- The table createD1Store uses. It also creates it on first use; applying this migration
-- (`wrangler d1 migrations apply catops --remote`) just does it ahead of time.
CREATE TABLE IF NOT EXISTS catops_store (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires_at INTEGER);

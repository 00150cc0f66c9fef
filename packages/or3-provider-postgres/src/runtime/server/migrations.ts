/**
 * The schema, as an ordered list of migrations. A migration is never edited once released: a
 * change is a new entry at the end. `schema_migrations` records which ones a database has run.
 * Times are ms since the epoch in BIGINT columns (read back as numbers, see database.ts).
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workspaces and invitations',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        provider_user_id TEXT NOT NULL,
        email TEXT,
        display_name TEXT,
        is_admin BOOLEAN NOT NULL DEFAULT FALSE,
        created_at BIGINT NOT NULL,
        UNIQUE (provider, provider_user_id)
      );

      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        owner_user_id TEXT NOT NULL REFERENCES users (id),
        is_personal BOOLEAN NOT NULL DEFAULT FALSE,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        deleted_at BIGINT,
        -- Insertion order, to list a user's workspaces in the order they were made.
        seq BIGINT GENERATED ALWAYS AS IDENTITY
      );
      -- One live personal workspace per user: two racing first requests cannot both create one.
      CREATE UNIQUE INDEX workspaces_one_personal ON workspaces (owner_user_id) WHERE is_personal AND deleted_at IS NULL;
      CREATE INDEX workspaces_deleted ON workspaces (deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE memberships (
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        created_at BIGINT NOT NULL,
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);

      CREATE TABLE active_workspaces (
        user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        updated_at BIGINT NOT NULL
      );

      -- Only the SHA-256 of a link's token is kept. 'expired' is not stored: a pending row past
      -- expires_at is expired.
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        invited_by_user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        responded_at BIGINT,
        responded_by_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
        seq BIGINT GENERATED ALWAYS AS IDENTITY
      );
      CREATE INDEX invitations_workspace ON invitations (workspace_id, status, created_at);
      CREATE INDEX invitations_email ON invitations (email, status);
    `,
  },
  {
    version: 2,
    name: 'sync',
    sql: `
      -- Per-workspace counters: the latest assigned version and the GC horizon (every change-log
      -- row at or below it may be gone, so a cursor below it must re-snapshot). A push locks its
      -- workspace's row FOR UPDATE until it commits: see sync-push.ts.
      CREATE TABLE sync_workspace_versions (
        workspace_id TEXT PRIMARY KEY,
        version BIGINT NOT NULL DEFAULT 0,
        gc_horizon BIGINT NOT NULL DEFAULT 0
      );

      -- The current winner of every record, tombstones included. Payloads are kept as the JSON
      -- text the device sent (TEXT, not JSONB: JSONB reorders keys and drops duplicates).
      CREATE TABLE sync_rows (
        workspace_id TEXT NOT NULL,
        table_name TEXT NOT NULL,
        pk TEXT NOT NULL,
        payload TEXT,
        deleted BOOLEAN NOT NULL,
        device_id TEXT NOT NULL,
        op_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        clock BIGINT NOT NULL,
        server_version BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (workspace_id, table_name, pk)
      );
      CREATE INDEX sync_rows_tombstones ON sync_rows (workspace_id, updated_at) WHERE deleted;

      -- Winners only, one row per version.
      CREATE TABLE sync_changes (
        workspace_id TEXT NOT NULL,
        server_version BIGINT NOT NULL,
        table_name TEXT NOT NULL,
        pk TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
        payload TEXT,
        device_id TEXT NOT NULL,
        op_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        clock BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (workspace_id, server_version)
      );

      -- Every op id seen, with its content fingerprint and first result, for idempotent replay.
      CREATE TABLE sync_op_ledger (
        workspace_id TEXT NOT NULL,
        op_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        applied BOOLEAN NOT NULL,
        server_version BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (workspace_id, op_id)
      );
      CREATE INDEX sync_op_ledger_age ON sync_op_ledger (workspace_id, created_at);

      CREATE TABLE sync_device_cursors (
        workspace_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        cursor BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (workspace_id, device_id)
      );
    `,
  },
  {
    version: 3,
    name: 'limits and jobs',
    sql: `
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        count BIGINT NOT NULL,
        reset_at BIGINT NOT NULL
      );
      CREATE INDEX rate_limits_reset ON rate_limits (reset_at);

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        workspace_id TEXT,
        thread_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'aborted')),
        length BIGINT NOT NULL DEFAULT 0,
        error TEXT,
        -- Tokens the answer cost, when the upstream reported them: both or neither.
        usage_input BIGINT,
        usage_output BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CHECK ((usage_input IS NULL) = (usage_output IS NULL))
      );
      CREATE INDEX jobs_status_user ON jobs (status, user_id);

      -- Offsets are UTF-16 code units, as JavaScript counts them (PostgreSQL's length() does not).
      CREATE TABLE job_chunks (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        start_offset BIGINT NOT NULL,
        end_offset BIGINT NOT NULL,
        content TEXT NOT NULL,
        PRIMARY KEY (job_id, start_offset)
      );
    `,
  },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

import postgres, { type Options, type Sql } from 'postgres'
import { ProviderError } from 'or3-provider-kit'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'

export type { Sql, TransactionSql } from 'postgres'

/** Schema names this package accepts: plain lower-case identifiers, short enough for the channel name. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/
export const DEFAULT_SCHEMA = 'public'
const DEFAULT_POOL_MAX = 10

/** Every BIGINT here is ms since the epoch, a version or a count: far below 2^53, so a number. */
const BIGINT_AS_NUMBER = {
  to: 20,
  from: [20],
  serialize: (value: number) => String(value),
  parse: (value: string) => Number(value),
}

export interface PostgresDatabaseOptions {
  /** A connection URL (`postgres://user:password@host:5432/db`); options in `connection` win over it. */
  url?: string
  /** Connection options of the `postgres` client (host, port, user, ssl, ...). */
  connection?: Options<Record<string, never>>
  /** The schema holding OR3's tables, created if missing (default `public`). */
  schema?: string
  /** Most connections the pool opens (default 10). */
  max?: number
}

/**
 * One pool and the schema it works in. The pool connects on first use; `ready()` brings the schema
 * up to date once (and again after a failure, e.g. the server was down at boot), and every store
 * awaits it before its first query.
 */
export interface PostgresDatabase {
  readonly sql: Sql
  readonly schema: string
  /** The LISTEN/NOTIFY channel that announces this schema's new sync versions. */
  readonly channel: string
  /** The pool, once the schema is migrated. */
  ready(): Promise<Sql>
  close(): Promise<void>
}

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new ProviderError(
      'NOT_CONFIGURED',
      `OR3_POSTGRES_SCHEMA must be a lower-case name of letters, digits and _ (at most 48), not '${schema}'`,
    )
  }
  return schema
}

/** `OR3_POSTGRES_URL`, `OR3_POSTGRES_SCHEMA` and `OR3_POSTGRES_POOL_MAX`, checked. */
export function resolvePostgresSettings(env: Record<string, string | undefined>): PostgresDatabaseOptions {
  const url = env.OR3_POSTGRES_URL?.trim()
  if (!url) {
    throw new ProviderError(
      'NOT_CONFIGURED',
      'Set OR3_POSTGRES_URL to the PostgreSQL database OR3 should use, e.g. postgres://or3:secret@db:5432/or3',
    )
  }
  const max = env.OR3_POSTGRES_POOL_MAX?.trim()
  if (max !== undefined && max !== '' && !(Number.isInteger(Number(max)) && Number(max) > 0)) {
    throw new ProviderError('NOT_CONFIGURED', `OR3_POSTGRES_POOL_MAX must be a whole number above 0, not '${max}'`)
  }
  return {
    url,
    schema: checkSchemaName(env.OR3_POSTGRES_SCHEMA?.trim() || DEFAULT_SCHEMA),
    ...(max ? { max: Number(max) } : {}),
  }
}

/** A pool on `options`, not yet connected; its schema is migrated on the first `ready()`. */
export function createDatabase(options: PostgresDatabaseOptions): PostgresDatabase {
  const schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA)
  const settings: Options<Record<string, never>> = {
    max: options.max ?? DEFAULT_POOL_MAX,
    // Idle connections close, so an idle server holds few; the pool reopens them on demand.
    idle_timeout: 60,
    connect_timeout: 10,
    onnotice: false,
    ...options.connection,
    types: { bigint: BIGINT_AS_NUMBER } as never,
    connection: { ...options.connection?.connection, search_path: schema, application_name: 'or3' },
  }
  const sql = options.url ? postgres(options.url, settings) : postgres(settings)
  let migrated: Promise<Sql> | null = null

  return {
    sql,
    schema,
    channel: `or3_sync_${schema}`,
    ready() {
      migrated ??= migrate(sql, schema).then(
        () => sql,
        (error: unknown) => {
          migrated = null
          throw error
        },
      )
      return migrated
    },
    close: () => sql.end({ timeout: 5 }),
  }
}

/** `createDatabase` and its migrations run: for scripts and tests. */
export async function openDatabase(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
  const db = createDatabase(options)
  try {
    await db.ready()
  } catch (error) {
    await db.close()
    throw error
  }
  return db
}

/** The highest migration the schema has run; 0 for a new one. */
export async function readSchemaVersion(sql: Sql, schema: string): Promise<number> {
  const [table] = await sql`SELECT to_regclass(${`${schema}.schema_migrations`}) AS name`
  if (!table?.name) return 0
  const [row] = await sql`SELECT COALESCE(MAX(version), 0)::int AS version FROM ${sql(schema)}.schema_migrations`
  return (row?.version as number | undefined) ?? 0
}

/**
 * Runs the migrations the schema lacks, in one transaction holding an advisory lock, so servers
 * starting together run each once (DDL is transactional in PostgreSQL: a failed migration leaves
 * nothing behind). A schema written by a newer release is refused, never downgraded.
 */
export async function migrate(sql: Sql, schema: string): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`or3.migrate.${schema}`}))`
    // Created only when missing: CREATE SCHEMA asks for the database's CREATE privilege even with
    // IF NOT EXISTS, which a role that only owns its schema does not have.
    const [found] = await tx`SELECT to_regnamespace(${schema}) IS NOT NULL AS present`
    if (!found?.present) await tx`CREATE SCHEMA ${tx(schema)}`
    await tx`CREATE TABLE IF NOT EXISTS ${tx(schema)}.schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`
    const current = await readSchemaVersion(tx as unknown as Sql, schema)
    if (current > LATEST_SCHEMA_VERSION) {
      throw new ProviderError(
        'UNAVAILABLE',
        `The PostgreSQL schema '${schema}' has schema version ${current}, but this or3-provider-postgres knows ` +
          `versions up to ${LATEST_SCHEMA_VERSION}. It was written by a newer release: upgrade or3-provider-postgres, ` +
          'or set OR3_POSTGRES_SCHEMA (or OR3_POSTGRES_URL) to another one.',
      )
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue
      await tx.unsafe(migration.sql).simple()
      await tx`INSERT INTO ${tx(schema)}.schema_migrations (version, name, applied_at)
        VALUES (${migration.version}, ${migration.name}, ${Date.now()})`
    }
    return LATEST_SCHEMA_VERSION
  })
}

import type { GenericMutationCtx, GenericActionCtx, GenericDataModel, UserIdentity } from 'convex/server'
import { makeFunctionReference } from 'convex/server'
import { convexTest } from 'convex-test'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadFunctionModules, type FunctionKind, type FunctionModules } from './function-modules'

/** convex-test's `transactionLimits`: true for Convex's own limits, or some of them overridden. */
export type TransactionLimits = boolean | Partial<Record<'bytesRead' | 'bytesWritten' | 'documentsRead' | 'documentsWritten' | 'databaseQueries', number>>

export interface LocalBackendOptions {
  /** A Convex functions directory with `_generated/` (a host's backend folder, or the templates prepared). */
  functionsDir: string
  /** Convex's per-transaction limits (documents and bytes read and written). On unless `false`. */
  transactionLimits?: TransactionLimits
  /** The deployment's clock. Real time unless given, e.g. a conformance suite's test clock. */
  now?: () => number
}

export type TransactionCtx = GenericMutationCtx<GenericDataModel> & Pick<GenericActionCtx<GenericDataModel>, 'storage'>

/**
 * TEST DOUBLE: the OR3 Convex functions running in-process on convex-test, the way a deployment
 * would run them: one transaction at a time, with Convex's limits, a caller identity per call
 * and (optionally) a controlled clock. convex-test never produces an OCC conflict and runs no
 * crons: tests call the maintenance functions directly.
 */
export interface LocalBackend {
  readonly functions: FunctionModules
  /** Runs `module:export` as `identity` (null: no token). Throws what the function throws. */
  call(kind: FunctionKind, path: string, args: Record<string, unknown>, identity: Partial<UserIdentity> | null): Promise<unknown>
  /** Direct access for what no function offers: file storage behind the upload and download routes. */
  runInTransaction<T>(body: (ctx: TransactionCtx) => Promise<T>): Promise<T>
  /** Forgets every document and file: a fresh deployment. */
  reset(): Promise<void>
}

export async function createLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const functions = loadFunctionModules(options.functionsDir)
  const schemaModule = (await import(pathToFileURL(join(options.functionsDir, 'schema.ts')).href)) as { default: unknown }
  const fresh = () =>
    convexTest({
      schema: schemaModule.default as never,
      modules: functions.modules,
      transactionLimits: options.transactionLimits ?? true,
    })
  let t = fresh()
  let queue: Promise<unknown> = Promise.resolve()

  /**
   * One call at a time, as convex-test runs transactions anyway. With a clock, Date.now is that
   * clock while the call runs: convex-test reads it for the transaction's time and commit order.
   */
  function serialized<T>(body: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (options.now === undefined) return await body()
      const realNow = Date.now
      const at = options.now()
      Date.now = () => at
      try {
        return await body()
      } finally {
        Date.now = realNow
      }
    }
    const result = queue.then(run, run)
    queue = result.catch(() => undefined)
    return result
  }

  return {
    functions,
    call(kind, path, args, identity) {
      return serialized(async () => {
        const accessor = identity === null ? t : t.withIdentity(identity)
        if (kind === 'query') return await accessor.query(makeFunctionReference<'query'>(path), args)
        if (kind === 'mutation') return await accessor.mutation(makeFunctionReference<'mutation'>(path), args)
        return await accessor.action(makeFunctionReference<'action'>(path), args)
      })
    },
    runInTransaction(body) {
      return serialized(() => t.run((ctx) => body(ctx as unknown as TransactionCtx)))
    },
    async reset() {
      await serialized(async () => {
        t = fresh()
      })
    },
  }
}

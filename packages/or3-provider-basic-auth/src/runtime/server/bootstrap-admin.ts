import type { Database } from 'bun:sqlite'
import { z } from 'zod'
import { createAccountStore } from './account-store'
import { hashPasswordSync, passwordProblem } from './passwords'
import type { BasicAuthSettings } from './settings'

/**
 * Creates the account named by OR3_BOOTSTRAP_ADMIN_EMAIL / OR3_BOOTSTRAP_ADMIN_PASSWORD when it
 * is missing, so a closed deployment has a way in. An existing account is left alone: the env
 * password never overwrites one the admin has since changed. The password is never logged.
 */
export function ensureBootstrapAdmin(db: Database, settings: BasicAuthSettings, now: number): boolean {
  const admin = settings.bootstrapAdmin
  if (!admin) return false
  if (!z.email().safeParse(admin.email).success) {
    throw new Error(`OR3_BOOTSTRAP_ADMIN_EMAIL is not a valid email address`)
  }
  const accounts = createAccountStore(db)
  if (accounts.findByEmail(admin.email)) return false
  const problem = passwordProblem(admin.password, settings.minPasswordLength)
  if (problem) throw new Error(`OR3_BOOTSTRAP_ADMIN_PASSWORD is not accepted: ${problem}`)
  const passwordHash = hashPasswordSync(admin.password)
  const created = db
    .transaction(() => {
      if (accounts.findByEmail(admin.email)) return false
      accounts.insert({ email: admin.email, displayName: null, passwordHash, now })
      return true
    })
    .immediate()
  if (created) console.info(`[basic-auth] created the bootstrap admin account ${admin.email}`)
  return created
}

import type { ProviderSurface } from 'or3-provider-kit'
import { KNOWN_PROVIDER_SURFACES } from '../../shared/config/known-providers'
import { PRESET_NAMES, PRESETS, type PresetName, type ProviderSelection } from '../../shared/config/presets'

/** The first-party package that provides each provider id. */
export const PROVIDER_PACKAGES: Record<string, string> = {
  'basic-auth': 'or3-provider-basic-auth',
  clerk: 'or3-provider-clerk',
  sqlite: 'or3-provider-sqlite',
  fs: 'or3-provider-fs',
  convex: 'or3-provider-convex',
}

export interface Choice {
  id: string | null
  label: string
  hint: string
}

export const AUTH_CHOICES: Choice[] = [
  { id: null, label: 'None (local-only)', hint: 'no accounts: chats, files and settings stay in the browser' },
  { id: 'basic-auth', label: 'Email + password', hint: 'accounts on this server (or3-provider-basic-auth)' },
  { id: 'clerk', label: 'Clerk', hint: 'a Clerk instance signs people in (or3-provider-clerk; needs its API keys)' },
]

export const SYNC_CHOICES: Choice[] = [
  { id: 'sqlite', label: 'SQLite', hint: 'one server, a database file in its data folder (or3-provider-sqlite)' },
  { id: 'convex', label: 'Convex', hint: 'a Convex deployment several servers share (or3-provider-convex; needs its URL)' },
]

const STORAGE_CHOICES: Choice[] = [
  { id: 'fs', label: 'Local disk', hint: "files in the server's data folder (or3-provider-fs)" },
  { id: 'convex', label: 'Convex file storage', hint: 'with Convex sync (or3-provider-convex)' },
  { id: null, label: 'None', hint: 'attachments stay on the device that added them' },
]

/** Storage choices that make a valid selection with `sync`. */
export function storageChoicesFor(sync: string | null): Choice[] {
  return STORAGE_CHOICES.filter((choice) => validateSelection({ auth: 'basic-auth', sync, storage: choice.id }) === null)
}

/** What each preset selects, in words, for the preset list. */
export const PRESET_SUMMARIES: Record<PresetName, string> = {
  local: 'local-only: no accounts, no server storage',
  embedded: 'email + password, SQLite sync, files on local disk (the default)',
  'clerk-sqlite': 'Clerk sign-in, SQLite sync, files on local disk',
  'clerk-convex': 'Clerk sign-in, Convex sync and files',
  'basic-auth-convex': 'email + password, Convex sync and files',
}

/** Null when the selection can run, else the sentence that says why not. */
export function validateSelection(selection: ProviderSelection): string | null {
  const { auth, sync, storage } = selection
  if (auth === null) {
    return sync === null && storage === null ? null : 'Sync and storage need sign-in: choose an auth provider, or none of the three.'
  }
  if (!offers(auth, 'auth')) return `'${auth}' is not an auth provider (choose ${ids(AUTH_CHOICES)}).`
  if (sync === null) return 'Signed-in OR3 needs a sync provider: it holds the accounts, workspaces and memberships.'
  if (!offers(sync, 'sync')) return `'${sync}' is not a sync provider (choose ${ids(SYNC_CHOICES)}).`
  if (storage !== null && !offers(storage, 'storage')) return `'${storage}' is not a storage provider (choose ${ids(STORAGE_CHOICES)}).`
  // Convex checks workspace roles inside its own functions, from memberships it holds itself.
  if (storage === 'convex' && sync !== 'convex') return 'Convex file storage needs Convex sync: its functions check workspace roles there.'
  if (sync === 'convex' && !offers(auth, 'tokenBroker')) return `Convex needs tokens from the auth provider, and '${auth}' mints none.`
  return null
}

/** The provider packages a selection installs, each once, auth first. */
export function packagesFor(selection: ProviderSelection): string[] {
  const ids = [selection.auth, selection.sync, selection.storage].filter((id): id is string => id !== null)
  return [...new Set(ids.map((id) => PROVIDER_PACKAGES[id]!))]
}

/** The Nuxt module ids `or3.providers.generated.ts` lists for a selection. */
export function moduleIdsFor(selection: ProviderSelection): string[] {
  return packagesFor(selection).map((pkg) => `${pkg}/nuxt`)
}

export function presetMatching(selection: ProviderSelection): PresetName | undefined {
  return PRESET_NAMES.find((name) => {
    const preset = PRESETS[name]
    return preset.auth === selection.auth && preset.sync === selection.sync && preset.storage === selection.storage
  })
}

export function describeSelection(selection: ProviderSelection): string {
  if (selection.auth === null) return 'local-only'
  return `auth ${selection.auth}, sync ${selection.sync}, storage ${selection.storage ?? 'none'}`
}

function offers(id: string, surface: ProviderSurface): boolean {
  return KNOWN_PROVIDER_SURFACES[id]?.includes(surface) ?? false
}

function ids(choices: Choice[]): string {
  return choices.map((choice) => choice.id ?? 'none').join(', ')
}

/**
 * Named provider selections. A preset only fills provider ids; every other setting keeps its
 * default, and any explicit OR3_* variable still wins.
 */
export interface ProviderSelection {
  auth: string | null
  sync: string | null
  storage: string | null
}

export const PRESETS = {
  local: { auth: null, sync: null, storage: null },
  embedded: { auth: 'basic-auth', sync: 'sqlite', storage: 'fs' },
  'clerk-convex': { auth: 'clerk', sync: 'convex', storage: 'convex' },
  'basic-auth-convex': { auth: 'basic-auth', sync: 'convex', storage: 'convex' },
  'clerk-sqlite': { auth: 'clerk', sync: 'sqlite', storage: 'fs' },
} as const satisfies Record<string, ProviderSelection>

export type PresetName = keyof typeof PRESETS

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[]

export function isPresetName(value: string): value is PresetName {
  return Object.hasOwn(PRESETS, value)
}

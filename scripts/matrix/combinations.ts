import type { PresetName } from '../../apps/or3-chat/shared/config/presets'

/** The rows of the matrix: a preset installed by the setup wizard, and the SDKs that must then be absent. */
export interface Combination {
  /** How the decoupling runbook names the row. */
  label: string
  preset: PresetName
  absentSdks: readonly string[]
  /**
   * Set while the row cannot pass yet, naming what it waits for: a failure is then reported as
   * expected (and the run stays green), a pass is reported so the line can go. Delete the line to
   * require the row.
   */
  pendingOn?: string
}

const CLERK_SDKS = ['@clerk']
const CONVEX_SDKS = ['convex', 'convex-vue', 'convex-nuxt', 'convex-test', '@convex-dev']

export const COMBINATIONS = {
  'full-stack': {
    label: 'A full stack',
    preset: 'clerk-convex',
    absentSdks: [],
  },
  'no-clerk': {
    label: 'B no Clerk',
    preset: 'basic-auth-convex',
    absentSdks: CLERK_SDKS,
  },
  'no-convex': { label: 'C no Convex', preset: 'clerk-sqlite', absentSdks: CONVEX_SDKS },
  embedded: { label: 'embedded', preset: 'embedded', absentSdks: [...CLERK_SDKS, ...CONVEX_SDKS] },
  none: { label: 'none', preset: 'local', absentSdks: [...CLERK_SDKS, ...CONVEX_SDKS] },
} as const satisfies Record<string, Combination>

export type CombinationName = keyof typeof COMBINATIONS

export const COMBINATION_NAMES = Object.keys(COMBINATIONS) as CombinationName[]

export function isCombinationName(name: string): name is CombinationName {
  return Object.hasOwn(COMBINATIONS, name)
}

export function combination(name: CombinationName): Combination {
  return COMBINATIONS[name]
}

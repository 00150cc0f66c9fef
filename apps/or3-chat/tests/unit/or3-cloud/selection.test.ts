import { describe, expect, it } from 'vitest'
import { buildOr3CloudConfig } from '../../../shared/config/build-or3-cloud-config'
import { providerIdsFromModules } from '../../../shared/config/known-providers'
import { PRESET_NAMES, PRESETS } from '../../../shared/config/presets'
import { AUTH_CHOICES, moduleIdsFor, packagesFor, presetMatching, storageChoicesFor, SYNC_CHOICES, validateSelection } from '../../../scripts/or3-cloud/selection'

describe('the wizard offers only selections that run', () => {
  it('accepts every preset, and each resolves to itself from the modules it installs', () => {
    for (const name of PRESET_NAMES) {
      const selection = PRESETS[name]
      expect(validateSelection(selection), name).toBeNull()
      expect(presetMatching(selection)).toBe(name)
      // What the wizard installs is what the config builder selects when no preset is named.
      const installed = providerIdsFromModules(moduleIdsFor(selection))
      const config = buildOr3CloudConfig({}, installed)
      expect({ auth: config.auth.provider, sync: config.sync.provider, storage: config.storage.provider }, name).toEqual(selection)
    }
  })

  it('every surface-by-surface choice the prompts can produce is valid', () => {
    let count = 0
    for (const auth of AUTH_CHOICES) {
      if (auth.id === null) continue
      for (const sync of SYNC_CHOICES) {
        for (const storage of storageChoicesFor(sync.id)) {
          expect(validateSelection({ auth: auth.id, sync: sync.id, storage: storage.id })).toBeNull()
          count++
        }
      }
    }
    // basic-auth and clerk × (sqlite: fs or none; convex: fs, convex or none)
    expect(count).toBe(10)
  })

  it('refuses the ones that cannot run, saying why', () => {
    expect(validateSelection({ auth: null, sync: 'sqlite', storage: null })).toMatch(/need sign-in/)
    expect(validateSelection({ auth: 'clerk', sync: null, storage: 'fs' })).toMatch(/needs a sync provider/)
    expect(validateSelection({ auth: 'basic-auth', sync: 'sqlite', storage: 'convex' })).toMatch(/Convex file storage needs Convex sync/)
    expect(validateSelection({ auth: 'sqlite', sync: 'sqlite', storage: 'fs' })).toMatch(/'sqlite' is not an auth provider/)
    expect(storageChoicesFor('sqlite').map((choice) => choice.id)).toEqual(['fs', null])
  })

  it('installs each package once, auth first, and lists package module ids only', () => {
    expect(packagesFor(PRESETS['clerk-convex'])).toEqual(['or3-provider-clerk', 'or3-provider-convex'])
    expect(moduleIdsFor(PRESETS.embedded)).toEqual(['or3-provider-basic-auth/nuxt', 'or3-provider-sqlite/nuxt', 'or3-provider-fs/nuxt'])
    expect(packagesFor(PRESETS.local)).toEqual([])
  })
})

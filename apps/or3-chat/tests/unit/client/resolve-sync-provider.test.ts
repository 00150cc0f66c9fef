import { describe, expect, it } from 'vitest'
import { isProviderError, registerStorageProvider, registerSyncProvider, type SyncProvider } from 'or3-provider-kit'
import { resolveStorageProvider, resolveSyncProvider } from '../../../app/core/sync/resolve-sync-provider'

function directClient(workspaceId: string): SyncProvider {
  const refuse = () => Promise.reject(new Error('not used here'))
  return { id: `direct:${workspaceId}`, mode: 'direct', push: refuse, pull: refuse, snapshot: refuse, updateCursor: refuse }
}

describe('choosing the sync client the server names', () => {
  registerSyncProvider('resolve-test', ({ workspaceId }) => directClient(workspaceId))

  it("uses the provider's own client in direct mode", () => {
    const provider = resolveSyncProvider('w1', { providerId: 'resolve-test', mode: 'direct' })
    expect(provider).toMatchObject({ id: 'direct:w1', mode: 'direct' })
  })

  it('uses the gateway when the server says gateway, even if the provider registered a direct client', () => {
    const provider = resolveSyncProvider('w1', { providerId: 'resolve-test', mode: 'gateway', gateway: { baseUrl: 'http://x' } })
    expect(provider.mode).toBe('gateway')
  })

  it('refuses plainly when the server wants a direct client this build does not have', () => {
    for (const resolve of [
      () => resolveSyncProvider('w1', { providerId: 'not-installed', mode: 'direct' }),
      () => resolveStorageProvider({ providerId: 'not-installed', mode: 'direct' }),
    ]) {
      const error = (() => {
        try {
          resolve()
        } catch (caught) {
          return caught
        }
      })()
      expect(isProviderError(error) && error.code).toBe('NOT_CONFIGURED')
      expect((error as Error).message).toContain("'not-installed'")
    }
  })

  it('picks a direct storage client the same way', () => {
    registerStorageProvider('resolve-test', () => ({
      id: 'direct-storage',
      presignUpload: () => Promise.reject(new Error('unused')),
      presignDownload: () => Promise.reject(new Error('unused')),
      commit: () => Promise.reject(new Error('unused')),
    }))
    expect(resolveStorageProvider({ providerId: 'resolve-test', mode: 'direct' }).id).toBe('direct-storage')
    expect(resolveStorageProvider({ providerId: 'resolve-test', mode: 'gateway' }).id).not.toBe('direct-storage')
  })
})

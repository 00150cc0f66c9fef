import { defineNitroPlugin } from 'nitropack/runtime'
import { registerStorageGateway } from 'or3-provider-kit/server'
import { setActiveFsStorage } from '../active-storage'
import { fsStorageOptionsFromEnv } from '../settings'
import { createFsStorageGateway } from '../storage-gateway'

/**
 * Registers storage 'fs'. Core resolves it at boot only when `storage.provider` is 'fs'; the
 * instance it creates is also the one the upload/download routes serve.
 */
export default defineNitroPlugin(() => {
  registerStorageGateway('fs', ({ env, config }) => {
    const gateway = createFsStorageGateway({ ...fsStorageOptionsFromEnv(env, config.storage), security: config.security })
    setActiveFsStorage(gateway)
    return gateway
  })
})

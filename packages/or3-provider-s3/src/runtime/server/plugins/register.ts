import { defineNitroPlugin } from 'nitropack/runtime'
import { registerStorageGateway } from 'or3-provider-kit/server'
import { allowBucketOrigin } from '../content-sources'
import { s3StorageOptionsFromEnv } from '../settings'
import { createS3StorageGateway } from '../storage-gateway'

/**
 * Registers storage 's3'. Core resolves it at boot only when `storage.provider` is 's3'; then the
 * bucket's origin joins the page policy and the bucket is checked at once, so wrong credentials
 * or a missing bucket are reported at start-up rather than on the first attachment.
 */
export default defineNitroPlugin(() => {
  registerStorageGateway('s3', ({ env, config }) => {
    const options = s3StorageOptionsFromEnv(env, config.storage)
    const gateway = createS3StorageGateway(options)
    allowBucketOrigin(options.location)
    gateway.ready().catch((error: unknown) => {
      console.error(`[or3-provider-s3] ${error instanceof Error ? error.message : String(error)}`)
    })
    return gateway
  })
})

import { addServerPlugin, createResolver, defineNuxtModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

/** The module takes no options: settings are runtime env (OR3_S3_*), read when the server boots. */
export type ModuleOptions = Record<string, never>

/**
 * or3-provider-s3: attachment blobs on an S3-compatible store. Wiring only; the behaviour lives in
 * runtime/server. No routes: devices move bytes straight to and from the bucket on presigned URLs.
 */
const or3ProviderS3: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: { name: 'or3-provider-s3', configKey: 'or3ProviderS3' },
  setup() {
    const resolver = createResolver(import.meta.url)
    addServerPlugin(resolver.resolve('./runtime/server/plugins/register'))
  },
})

export default or3ProviderS3

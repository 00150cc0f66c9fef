import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const HOST_DIR = fileURLToPath(new URL('../../..', import.meta.url))
export const HOST_SERVER_ENTRY = join(HOST_DIR, '.output/server/index.mjs')
export const FIXTURE_HOST_DIR = fileURLToPath(new URL('../../fixtures/test-providers-host', import.meta.url))
export const FIXTURE_SERVER_ENTRY = join(FIXTURE_HOST_DIR, '.output/server/index.mjs')
export const CLERK_HOST_DIR = fileURLToPath(new URL('../../fixtures/clerk-host', import.meta.url))
export const CLERK_HOST_SERVER_ENTRY = join(CLERK_HOST_DIR, '.output/server/index.mjs')
export const CONVEX_HOST_DIR = fileURLToPath(new URL('../../fixtures/convex-host', import.meta.url))
export const CONVEX_HOST_SERVER_ENTRY = join(CONVEX_HOST_DIR, '.output/server/index.mjs')

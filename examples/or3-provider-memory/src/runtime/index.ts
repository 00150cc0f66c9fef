// The "." entry: the implementations as plain factories, for tests and tools without Nuxt.
export { createMemorySyncGateway, MEMORY_PROVIDER_ID } from './server/sync-gateway'

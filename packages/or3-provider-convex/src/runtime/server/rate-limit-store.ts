import type { RateLimitStore } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

/**
 * Fixed windows counted by one mutation per hit, so every OR3 instance shares them and none
 * overshoots. Always the server's work: a user cannot count (or reset) their own limits.
 */
export function createConvexRateLimitStore(convex: DeploymentClient): RateLimitStore {
  return {
    id: 'convex',
    consume: (key, { windowMs, limit }) => convex.mutation(CONVEX_FUNCTIONS.rateLimits.consume, { key, windowMs, limit }, { as: 'server' }),
  }
}

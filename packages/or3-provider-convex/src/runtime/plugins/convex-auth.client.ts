import { defineNuxtPlugin } from '#imports'
import { useConvexConnection } from '../client/convex-connection'
import { fetchConvexToken } from '../client/convex-token'

/**
 * Plugin 2 of 3: the auth bridge. The Convex client asks for its token here, which asks core's
 * `POST /api/auth/token` (the active auth provider's broker: Clerk's `convex` template, or
 * basic-auth's own RS256 token); the client asks again before the token expires.
 */
export default defineNuxtPlugin({
  name: 'or3-convex:auth',
  dependsOn: ['or3-convex:client'],
  setup() {
    useConvexConnection().bindAuth(() => fetchConvexToken())
  },
})

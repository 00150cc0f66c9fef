import { defineNuxtPlugin } from '#imports'
import { registerConvexDirectSync } from '../client/register-direct-sync'
import { useConvexConnection } from '../client/convex-connection'

/** Plugin 3 of 3: the direct sync provider, used by a workspace when the server says `sync.mode: 'direct'`. */
export default defineNuxtPlugin({
  name: 'or3-convex:sync',
  dependsOn: ['or3-convex:auth'],
  setup() {
    registerConvexDirectSync(useConvexConnection())
  },
})

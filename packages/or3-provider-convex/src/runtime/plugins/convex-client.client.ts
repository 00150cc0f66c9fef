import { defineNuxtPlugin } from '#imports'
import { createConvexConnection, installConvexConnection } from '../client/convex-connection'

/** Plugin 1 of 3: the page's Convex client context. Nothing connects until a direct workspace opens. */
export default defineNuxtPlugin({
  name: 'or3-convex:client',
  setup() {
    installConvexConnection(
      createConvexConnection({
        async fetchUrl() {
          const response = await fetch('/api/convex/connection', { headers: { accept: 'application/json' } })
          if (!response.ok) throw new Error(`The server gave no Convex deployment to sync with (HTTP ${response.status})`)
          return ((await response.json()) as { url: string }).url
        },
      }),
    )
  },
})

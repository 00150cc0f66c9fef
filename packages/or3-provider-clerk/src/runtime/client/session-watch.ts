import { useClerk } from '@clerk/vue'
import type { NuxtApp } from '#app'
import { refreshNuxtData } from '#imports'
import { watch } from 'vue'
import { createSessionChangeTracker } from './session-change'

/**
 * Keeps the app's view of who is signed in in step with Clerk without a reload. clerk-js renews
 * the short-lived `__session` cookie itself; what the app must notice is a different session: a
 * sign-in or sign-out (here or in another tab), or a page that loaded with an expired token that
 * clerk-js has since renewed. Then the app re-reads its session, once the new cookie is set.
 */
export function watchClerkSession(nuxtApp: NuxtApp): void {
  const clerk = nuxtApp.vueApp.runWithContext(() => useClerk())
  const tracker = createSessionChangeTracker()
  let listening = false
  watch(
    clerk,
    (instance) => {
      if (!instance || listening) return
      listening = true
      instance.addListener(({ session }) => {
        if (!tracker.changed(session?.id ?? null)) return
        void (async () => {
          try {
            await session?.getToken()
          } catch {
            // Offline: the app re-reads its session anyway and shows what the server says.
          }
          await nuxtApp.runWithContext(() => refreshNuxtData())
        })()
      })
    },
    { immediate: true },
  )
}

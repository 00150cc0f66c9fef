import { defineNuxtPlugin, refreshNuxtData } from '#imports'
import { isProviderError } from 'or3-provider-kit'
import { basicAuthApi } from '../client/basic-auth-api'
import { createSessionRefresher } from '../client/session-refresher'
import { SESSION_EXPIRY_COOKIE } from '../shared/wire'

const CHECK_EVERY_MS = 30 * 1000

function readSessionExpiry(): number | null {
  const entry = document.cookie.split('; ').find((part) => part.startsWith(`${SESSION_EXPIRY_COOKIE}=`))
  const value = Number(entry?.slice(SESSION_EXPIRY_COOKIE.length + 1))
  return Number.isFinite(value) && value > 0 ? value : null
}

/**
 * Access tokens live 15 minutes; this keeps the session going while the app is open, and
 * refreshes first thing on start so the app's first "who am I" sees a valid token.
 */
export default defineNuxtPlugin({
  name: 'or3-basic-auth:session-refresh',
  async setup(nuxtApp) {
    const refresher = createSessionRefresher({
      now: Date.now,
      readExpiry: readSessionExpiry,
      async refresh() {
        try {
          await basicAuthApi.refresh()
          return 'refreshed'
        } catch (error) {
          if (isProviderError(error) && error.code === 'UNAUTHENTICATED') return 'ended'
          throw error
        }
      },
      // Not awaited: while hydrating, refreshNuxtData waits for the app to be ready, and the app
      // waits for this plugin.
      onSessionChange: () => void nuxtApp.runWithContext(() => refreshNuxtData()),
    })
    await refresher.refreshIfDue()
    const check = () => void refresher.refreshIfDue()
    setInterval(check, CHECK_EVERY_MS)
    // Background tabs throttle timers: check again the moment the tab is back.
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check())
    window.addEventListener('online', check)
  },
})

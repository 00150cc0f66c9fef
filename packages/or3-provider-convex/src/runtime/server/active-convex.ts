/** What the browser needs to reach the deployment itself (direct sync), once the provider is active. */
export interface ActiveConvex {
  url: string
  syncMode: 'gateway' | 'direct'
}

const KEY = Symbol.for('or3.provider-convex.active')
type Holder = typeof globalThis & { [KEY]?: ActiveConvex | null }

export function installActiveConvex(active: ActiveConvex | null): void {
  ;(globalThis as Holder)[KEY] = active
}

/** null until core resolved a Convex surface at boot (or when none is selected). */
export function activeConvex(): ActiveConvex | null {
  return (globalThis as Holder)[KEY] ?? null
}

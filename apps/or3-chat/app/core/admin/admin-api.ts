import { createJsonClient, type AuthUserSummary, type ProviderStatus } from 'or3-provider-kit'

/** `GET /api/admin/status`: provider health, registration, limits, jobs and open streams. */
export interface AdminStatus {
  summary: string
  strict: boolean
  fallbacks: Array<{ message: string }>
  providers: ProviderStatus[]
  llm: { recentFaults: Array<{ at: string; kind: string; detail: string; count: number }> }
  eventStreams: { open: number; owners: number; maxPerUser: number }
  registration: string
  limits: { enabled: boolean; perMinute: number; perDay: number; store: string }
  jobs: { enabled: boolean; runningHere: number; maxConcurrentPerUser: number; timeoutMs: number; store: string }
}

/** `GET /api/admin/endpoints`: each LLM endpoint's reachability and models. */
export interface AdminEndpoints {
  defaultModel: string
  endpoints: Array<{
    id: string
    label: string
    upstream: string
    hasInstanceKey: boolean
    userKeyPolicy: string
    modelSource: 'configured' | 'upstream'
    reachable: boolean
    modelCount: number
    sampleModels: string[]
    problem: string | null
  }>
}

/** `GET /api/admin/users`: the auth provider's accounts, or `managedHere: false` (Clerk's dashboard). */
export interface AdminUsers {
  provider: string | null
  managedHere: boolean
  canResetPasswords: boolean
  users: AuthUserSummary[]
  /** The admin's own account id at the provider: no actions on that row. */
  you: string | null
}

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`

/** The admin page's reads and actions; failures are ProviderErrors with the server's sentence (403 for non-admins). */
export function createAdminApi() {
  const http = createJsonClient()
  return {
    status: () => http.request('/api/admin/status') as Promise<AdminStatus>,
    endpoints: () => http.request('/api/admin/endpoints') as Promise<AdminEndpoints>,
    users: (query: string) =>
      http.request(`/api/admin/users${query ? `?query=${encodeURIComponent(query)}` : ''}`) as Promise<AdminUsers>,
    setDisabled: (id: string, disabled: boolean) => http.request(`${userPath(id)}/disabled`, { method: 'PUT', body: { disabled } }),
    deleteUser: (id: string) => http.request(userPath(id), { method: 'DELETE' }),
    resetLink: (id: string) =>
      http.request(`${userPath(id)}/reset-link`, { method: 'POST' }) as Promise<{ path: string; expiresAt: string }>,
  }
}

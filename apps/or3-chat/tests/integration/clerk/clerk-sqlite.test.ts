import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishableKeyFor } from '../../fixtures/clerk-host/testing'
import { browserLikeClient } from '../support/browser-like-client'
import { startClerkHost, startClerkHostServer, type ClerkServer } from '../support/clerk-host'
import { describeHostedScenarios } from '../support/hosted-scenarios'
import { CLERK_HOST_DIR, CLERK_HOST_SERVER_ENTRY } from '../support/paths'
import { runUntilExit } from '../support/start-server'

let nextUser = 1

/** The app plugin's "load Clerk?" flag, as the server rendered it into the page's payload. */
function clerkActiveIn(page: string): unknown {
  const payload = /<script[^>]*id="__NUXT_DATA__"[^>]*>(.*?)<\/script>/s.exec(page)?.[1]
  const data: unknown[] = JSON.parse(payload ?? '[]')
  const state = data.find((entry): entry is Record<string, number> => typeof entry === 'object' && entry !== null && '$sor3-clerk-active' in entry)
  return state ? data[state['$sor3-clerk-active']!] : undefined
}

/** A Content-Security-Policy header as directive → sources. */
function directivesOf(header: string | null): Record<string, string[]> {
  return Object.fromEntries((header ?? '').split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...sources]) => [name, sources]))
}

/** Signing up with Clerk happens at Clerk; here the double learns the user and the browser gets its cookies. */
async function signUp(server: ClerkServer, email: string, displayName: string) {
  const userId = `user_${nextUser++}`
  // Clerk keeps addresses in lower case.
  server.double.upsertUser({ id: userId, email: email.toLowerCase(), firstName: displayName })
  const client = server.browserFor(userId)
  // The first page load provisions the OR3 account (the first one becomes the admin).
  expect((await client.get('/api/auth/session')).body.authenticated).toBe(true)
  return client
}

describeHostedScenarios({
  name: 'clerk-sqlite',
  providersLine: 'auth: clerk, sync: sqlite, storage: fs, limits: sqlite, jobs: sqlite',
  async start() {
    const server = await startClerkHost()
    return { ...server, signUp: (email, displayName) => signUp(server, email, displayName) }
  },
})

describe('Clerk sign-in through the built host', () => {
  let server: ClerkServer
  beforeAll(async () => {
    server = await startClerkHost()
    server.double.upsertUser({ id: 'user_admin', email: 'admin@example.com', firstName: 'Ada' })
    await server.browserFor('user_admin').get('/api/auth/session')
  })
  afterAll(() => server?.stop())

  it("tells the page to load Clerk, and lets it reach Clerk's origins under the page policy", async () => {
    const response = await fetch(`${server.url}/`, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' } })
    expect(clerkActiveIn(await response.text())).toBe(true)
    const policy = directivesOf(response.headers.get('content-security-policy'))
    const frontendApi = `https://${server.double.frontendApiHost}`
    expect(policy['connect-src']).toEqual(["'self'", frontendApi])
    expect(policy['script-src']).toEqual(expect.arrayContaining(["'strict-dynamic'", frontendApi, 'https://challenges.cloudflare.com']))
    expect(policy['script-src']).not.toContain("'unsafe-inline'")
    expect(policy['img-src']).toContain('https://img.clerk.com')
    expect(policy['frame-src']).toEqual(["'self'", 'https://challenges.cloudflare.com'])
  })

  it('is signed out without Clerk cookies, and when the token has expired', async () => {
    expect((await browserLikeClient(server.url).get('/api/workspaces')).status).toBe(401)
    const expired = server.browserFor('user_admin', { expiresInSeconds: -5 })
    expect((await expired.get('/api/auth/session')).body).toMatchObject({ authenticated: false, authProvider: 'clerk' })
    expect((await expired.get('/api/workspaces')).status).toBe(401)
  })

  it('answers 503 with a sentence while the Backend API is down, then recovers', async () => {
    server.double.upsertUser({ id: 'user_new', email: 'new@example.com' })
    const client = server.browserFor('user_new')
    server.double.setReachable(false)
    try {
      const down = await client.get('/api/workspaces')
      expect(down.status).toBe(503)
      expect(down.body.error.message).toMatch(/Clerk is not answering/)
    } finally {
      server.double.setReachable(true)
    }
    expect((await client.get('/api/workspaces')).status).toBe(200)
  })

  // Minting the Convex template is proven by the package's broker tests and the matrix's full-stack
  // row: this preset runs no Convex, so the host asks Clerk for no token at all.
  it('mints no Convex token on a preset without Convex, and shows its status to the admin', async () => {
    const admin = server.browserFor('user_admin')
    expect((await admin.post('/api/auth/token', { providerId: 'convex' })).body).toEqual({ token: null })
    expect(server.double.requests.some((request) => request.path.includes('/tokens/'))).toBe(false)
    const status = await admin.get('/api/admin/status')
    const clerk = status.body.providers.find((p: { id: string }) => p.id === 'clerk')
    expect(clerk.details).toMatchObject({ networklessVerification: true, secretKeySet: true })
    expect(JSON.stringify(status.body)).not.toContain(server.double.secretKey)
  })

  it("lists an invitation to a user's email only when Clerk verified that email; the link works for both", async () => {
    const owner = server.browserFor('user_admin')
    const team = (await owner.post('/api/workspaces', { name: 'Clerk team' })).body.workspace.id
    const invite = async (email: string) => (await owner.post(`/api/workspaces/${team}/invitations`, { email, role: 'editor' })).body
    server.double.upsertUser({ id: 'user_vera', email: 'vera@example.com', firstName: 'Vera' })
    server.double.upsertUser({ id: 'user_una', email: 'una@example.com', firstName: 'Una', emailVerified: false })
    const [toVera, toUna] = [await invite('Vera@Example.com'), await invite('una@example.com')]
    const [vera, una] = [server.browserFor('user_vera'), server.browserFor('user_una')]

    const offered = (await vera.get('/api/invitations')).body.invitations
    expect(offered.map((i: { id: string; workspaceName: string }) => [i.id, i.workspaceName])).toEqual([[toVera.invitation.id, 'Clerk team']])
    expect((await vera.post('/api/invitations/accept', { invitationId: toVera.invitation.id })).body.workspace).toMatchObject({ id: team, role: 'editor' })

    // Anyone can add an address to a Clerk account; only Clerk's verification makes it theirs.
    expect((await una.get('/api/invitations')).body.invitations).toEqual([])
    expect((await una.post('/api/invitations/accept', { invitationId: toUna.invitation.id })).status).toBe(404)
    const token = toUna.invitePath.replace(/^\/invite\//, '')
    expect((await una.post('/api/invitations/accept', { token })).status).toBe(200)
  })

  it('refuses a session token made for another site', async () => {
    server.double.upsertUser({ id: 'user_elsewhere', email: 'elsewhere@example.com' })
    const client = browserLikeClient(server.url)
    const token = server.double.sessionToken({ userId: 'user_elsewhere', authorizedParty: 'https://evil.example' })
    expect((await client.get('/api/workspaces', { authorization: `Bearer ${token}` })).status).toBe(401)
  })

  // Last in this server's life: its log holds the failures and warnings of the tests above.
  it('keeps the secret key off every page and out of the log', async () => {
    const page = new TextDecoder().decode((await server.browserFor('user_admin').get('/', { accept: 'text/html' })).body)
    expect(page).toContain('__NUXT_DATA__')
    expect(page).not.toContain(server.double.secretKey)
    expect(server.output()).toContain('[clerk]')
    expect(server.output()).not.toContain(server.double.secretKey)
  })
})

describe('boot with the Clerk package installed', () => {
  it("is built without @clerk/nuxt's own middleware and app plugin (one verification, Clerk loaded only when selected)", () => {
    const built = (dir: string) =>
      readdirSync(join(CLERK_HOST_DIR, '.output', dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && /\.m?js$/.test(entry.name))
        .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
        .join('\n')
    const server = built('server')
    const client = built('public')
    // Strings of @clerk/nuxt's middleware and of its app plugin, and of this package's replacements.
    expect(server).not.toContain('Clerk: handshake status without redirect')
    expect(server + client).not.toContain('clerk-initial-state')
    expect(server).toContain('or3ClerkActive')
    expect(client).toContain('or3-clerk-active')
  })


  it('refuses to start without Clerk keys when Clerk is selected, naming the env vars', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'or3-clerk-boot-'))
    try {
      const { exitCode, output } = await runUntilExit({
        entry: CLERK_HOST_SERVER_ENTRY,
        cwd: CLERK_HOST_DIR,
        env: { OR3_DATA_DIR: dataDir, OR3_PRESET: 'clerk-sqlite', OR3_ALLOWED_ORIGINS: 'https://chat.example.com' },
      })
      expect(exitCode).not.toBe(0)
      expect(output).toContain('set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY and NUXT_CLERK_SECRET_KEY')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses test keys in production unless OR3_CLERK_ALLOW_TEST_KEYS=true', async () => {
    const testKeys = {
      NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor('happy-cat-1.clerk.accounts.dev', 'test'),
      NUXT_CLERK_SECRET_KEY: 'sk_test_not_a_real_key',
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'or3-clerk-boot-'))
    try {
      const refused = await runUntilExit({
        entry: CLERK_HOST_SERVER_ENTRY,
        cwd: CLERK_HOST_DIR,
        env: { OR3_DATA_DIR: dataDir, OR3_PRESET: 'clerk-sqlite', OR3_ALLOWED_ORIGINS: 'https://chat.example.com', ...testKeys },
      })
      expect(refused.exitCode).not.toBe(0)
      expect(refused.output).toContain('Clerk test keys (pk_test_, sk_test_) belong to a development instance')
      expect(refused.output).not.toContain(testKeys.NUXT_CLERK_SECRET_KEY)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
    const allowed = await startClerkHostServer({ ...testKeys, OR3_CLERK_ALLOW_TEST_KEYS: 'true' })
    await allowed.stop()
  })

  it('needs no Clerk keys when another auth provider is selected, and the page does not load Clerk', async () => {
    const server = await startClerkHostServer({ OR3_PRESET: 'embedded' })
    try {
      expect(server.output()).toContain('auth: basic-auth')
      const session = await (await fetch(`${server.url}/api/auth/session`)).json()
      expect(session).toMatchObject({ cloudEnabled: true, authProvider: 'basic-auth' })
      const response = await fetch(`${server.url}/`, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' } })
      expect(clerkActiveIn(await response.text())).toBe(false)
      expect(response.headers.get('content-security-policy')).not.toMatch(/clerk|cloudflare/)
    } finally {
      await server.stop()
    }
  })
})

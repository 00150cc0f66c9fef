import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startConvexHost, type ConvexHostServer } from '../support/convex-host'

// What a browser needs to reach an https deployment: the page policy admits its origin (and,
// in direct mode, its websocket), and the session answer and the connection route say where to
// sync. The deployment URL is a loopback one nothing answers on: no test reaches the internet.

const DEPLOYMENT = 'https://127.0.0.1:1'

async function pagePolicy(url: string): Promise<string> {
  const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } })
  return page.headers.get('content-security-policy') ?? ''
}

const connectSources = (policy: string) => policy.split(';').find((d) => d.trim().startsWith('connect-src'))?.trim().split(/\s+/) ?? []

describe('Convex in direct sync mode: what the browser is told and allowed', () => {
  let direct: ConvexHostServer
  let gateway: ConvexHostServer
  beforeAll(async () => {
    direct = await startConvexHost('basic-auth-convex', { OR3_CONVEX_URL: DEPLOYMENT, OR3_CONVEX_SYNC_MODE: 'direct' })
    gateway = await startConvexHost('basic-auth-convex', { OR3_CONVEX_URL: DEPLOYMENT })
  })
  afterAll(async () => {
    await direct?.stop()
    await gateway?.stop()
  })

  it("admits the deployment's https origin for attachments, and its wss origin only in direct mode", async () => {
    expect(connectSources(await pagePolicy(direct.url))).toEqual(expect.arrayContaining(["'self'", DEPLOYMENT, 'wss://127.0.0.1:1']))
    const gatewaySources = connectSources(await pagePolicy(gateway.url))
    expect(gatewaySources).toContain(DEPLOYMENT)
    expect(gatewaySources).not.toContain('wss://127.0.0.1:1')
  })

  it('tells browsers to sync directly, and where', async () => {
    const session = await (await fetch(`${direct.url}/api/auth/session`)).json()
    expect(session.surfaces.sync).toEqual({ enabled: true, provider: 'convex', mode: 'direct' })
    expect(await (await fetch(`${direct.url}/api/convex/connection`)).json()).toEqual({ url: DEPLOYMENT })
    const onGateway = await fetch(`${gateway.url}/api/convex/connection`)
    expect(onGateway.status).toBe(404)
    expect((await (await fetch(`${gateway.url}/api/auth/session`)).json()).surfaces.sync.mode).toBe('gateway')
  })

  it('starts while the deployment is unreachable, and says so in the log', () => {
    expect(direct.output()).toContain('auth: basic-auth, sync: convex')
    expect(direct.output()).toContain('check OR3_CONVEX_URL')
  })
})

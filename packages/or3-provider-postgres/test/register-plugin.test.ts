import type { Or3CloudConfig } from 'or3-provider-kit'
import { getServerRegistries } from 'or3-provider-kit/server'
import postgres from 'postgres'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clusterConnection, freshSchemaName } from './support/test-database'

// Outside a Nitro build, defineNitroPlugin is only the identity it is at runtime.
vi.mock('nitropack/runtime', () => ({ defineNitroPlugin: (plugin: unknown) => plugin }))

type Hook = () => unknown
const { default: registerPlugin } = (await import('../src/runtime/server/plugins/register')) as unknown as {
  default: (nitroApp: { hooks: { hook(name: string, fn: Hook): void } }) => void
}

const config = { sync: { retentionMs: 7 * 24 * 60 * 60 * 1000 } } as Or3CloudConfig
const schemas: string[] = []
afterEach(async () => {
  const admin = postgres({ ...clusterConnection(), max: 1, onnotice: false })
  for (const schema of schemas.splice(0)) await admin`DROP SCHEMA IF EXISTS ${admin(schema)} CASCADE`
  await admin.end()
})

describe('Nitro plugin', () => {
  it("registers every contract under 'postgres' on one pool from OR3_POSTGRES_URL, closed with the server", async () => {
    const { host, port, user, database } = clusterConnection() as { host: string; port: number; user: string; database: string }
    const schema = freshSchemaName()
    schemas.push(schema)
    const hooks = new Map<string, Hook>()
    registerPlugin({ hooks: { hook: (name, fn) => void hooks.set(name, fn) } })

    const url = `postgres://${user}@localhost/${database}?host=${encodeURIComponent(host)}&port=${port}`
    const ctx = { config, env: { OR3_POSTGRES_URL: url, OR3_POSTGRES_SCHEMA: schema } }
    const r = getServerRegistries()
    const kinds = [r.workspaces, r.sync, r.limits, r.jobs, r.notifications, r.admin]
    expect(kinds.map((registry) => registry.has('postgres')), 'all six surfaces').toEqual([true, true, true, true, true, true])

    const workspaces = r.workspaces.resolve('postgres', ctx)
    const sync = r.sync.resolve('postgres', ctx)
    const notifications = r.notifications.resolve('postgres', ctx)
    const { user: ada } = await workspaces.getOrCreateUser({ provider: 'test', providerUserId: 'ada' })
    const ws = await workspaces.ensurePersonalWorkspace(ada.id)
    const heard: number[] = []
    sync.watch!(ws.id, (v) => heard.push(v))
    await notifications.emit({ workspaceId: ws.id, userId: ada.id, type: 'info', title: 'Welcome' })
    await vi.waitFor(() => expect(heard, "a notification goes through the registered gateway's push").toEqual([1]), { timeout: 10_000 })

    const status = await r.admin.resolve('postgres', ctx).getStatus()
    expect(status.details, 'the schema named in OR3_POSTGRES_SCHEMA').toMatchObject({ schema, database })

    await hooks.get('close')!()
    await expect(workspaces.listWorkspaces(ada.id), 'the shared pool is closed').rejects.toThrow()
    for (const registry of kinds) registry.reset()
  })
})

import type { Or3CloudConfig } from 'or3-provider-kit'
import { getServerRegistries } from 'or3-provider-kit/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Outside a Nitro build, defineNitroPlugin is only the identity it is at runtime.
vi.mock('nitropack/runtime', () => ({ defineNitroPlugin: (plugin: unknown) => plugin }))

type Hook = () => unknown
const { default: registerPlugin } = (await import('../src/runtime/server/plugins/register')) as unknown as {
  default: (nitroApp: { hooks: { hook(name: string, fn: Hook): void } }) => void
}

const config = { sync: { retentionMs: 7 * 24 * 60 * 60 * 1000 } } as Or3CloudConfig
const dirs: string[] = []
afterEach(() => {
  getServerRegistries().workspaces.reset()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('Nitro plugin', () => {
  it("registers every contract under 'sqlite' on one shared database, closed with the server", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'or3-sqlite-plugin-'))
    dirs.push(dir)
    const hooks = new Map<string, Hook>()
    registerPlugin({ hooks: { hook: (name, fn) => void hooks.set(name, fn) } })

    const ctx = { config, env: { OR3_DATA_DIR: dir } }
    const r = getServerRegistries()
    const kinds = [r.workspaces, r.sync, r.limits, r.jobs, r.notifications, r.admin]
    expect(kinds.map((registry) => registry.has('sqlite')), 'all six surfaces').toEqual([true, true, true, true, true, true])

    const workspaces = r.workspaces.resolve('sqlite', ctx)
    const sync = r.sync.resolve('sqlite', ctx)
    const notifications = r.notifications.resolve('sqlite', ctx)
    const { user } = await workspaces.getOrCreateUser({ provider: 'test', providerUserId: 'ada' })
    const ws = await workspaces.ensurePersonalWorkspace(user.id)
    const heard: number[] = []
    sync.watch!(ws.id, (v) => heard.push(v))
    await notifications.emit({ workspaceId: ws.id, userId: user.id, type: 'info', title: 'Welcome' })
    expect(heard, "a notification goes through the registered gateway's push").toEqual([1])

    const status = await r.admin.resolve('sqlite', ctx).getStatus()
    expect(status.details?.path, 'the default path is or3.sqlite in OR3_DATA_DIR').toBe(join(dir, 'or3.sqlite'))

    await hooks.get('close')!()
    await expect(workspaces.listWorkspaces(user.id), 'the shared connection is closed').rejects.toThrow()
    for (const registry of kinds) registry.reset()
  })
})

import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { summarizeDeviceData } from '../../../app/core/auth/device-data'
import { createSignOutFlow, type SignOutChoice } from '../../../app/core/auth/sign-out-flow'
import { saveUserLlmKey } from '../../../app/core/chat/settings-store'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { createLocalWriter } from '../../../app/core/db/local-writes'
import { openWorkspaceDatabase } from '../../../app/core/db/workspace-database'
import { openUserDeviceDatabase } from '../../../app/core/settings/user-device-store'
import { threadInput } from '../../support/rows'

let run = 0

/** Alice has two workspaces here (one with two unsynced writes) and her settings; Bob has one workspace. */
async function browserWithTwoAccounts() {
  const id = `${process.pid}-${++run}`
  const ws = { aliceHome: `alice-home-${id}`, aliceTeam: `alice-team-${id}`, bobHome: `bob-home-${id}` }
  for (const [workspaceId, writes] of [[ws.aliceHome, 2], [ws.aliceTeam, 0], [ws.bobHome, 1]] as const) {
    const db = await openWorkspaceDatabase(workspaceId)
    const writer = createLocalWriter({ db, deviceId: 'd', hlc: createHybridLogicalClock('d', Date.now), capture: true, now: Date.now })
    for (let i = 0; i < writes; i++) await writer.put('threads', threadInput(`t${i}`, 'A thread'))
    db.close()
  }
  for (const user of [`alice-${id}`, `bob-${id}`]) {
    const settings = await openUserDeviceDatabase(user)
    await saveUserLlmKey(settings, `sk-${user}`)
    settings.close()
  }
  return { id, ws, alice: `alice-${id}`, bob: `bob-${id}` }
}

const names = async (id: string) => (await Dexie.getDatabaseNames()).filter((name) => name.includes(id)).sort()

afterEach(async () => {
  for (const name of await Dexie.getDatabaseNames()) await Dexie.delete(name)
})

function flowFor(account: { userId: string; workspaceIds: string[] }, choice: SignOutChoice, log: string[]) {
  return createSignOutFlow({
    userId: account.userId,
    listWorkspaceIds: async () => account.workspaceIds,
    async ask(summary) {
      log.push(`asked: ${summary.unsyncedChanges} unsynced`)
      return choice
    },
    async closeLocalData() {
      log.push('closed')
    },
  })
}

describe('sign-out and the data this device keeps', () => {
  it("counts only the signed-in account's databases and what of it is not synced yet", async () => {
    const { ws, alice } = await browserWithTwoAccounts()
    const summary = await summarizeDeviceData({ userId: alice, workspaceIds: [ws.aliceHome, ws.aliceTeam, 'never-opened-here'] })
    expect(summary.databases.sort()).toEqual([`or3-user-${alice}`, `or3-ws-${ws.aliceHome}`, `or3-ws-${ws.aliceTeam}`].sort())
    expect(summary).toMatchObject({ workspaces: 2, unsyncedChanges: 2, pendingUploads: 0 })
  })

  it("removes the account's databases after signing out when asked, and leaves another account's alone", async () => {
    const { id, ws, alice, bob } = await browserWithTwoAccounts()
    const log: string[] = []
    const outcome = await flowFor({ userId: alice, workspaceIds: [ws.aliceHome, ws.aliceTeam] }, 'remove', log)(async () => {
      log.push('signed out')
    })
    expect(outcome).toEqual({ signedOut: true, removedDeviceData: true })
    expect(log).toEqual(['asked: 2 unsynced', 'signed out', 'closed'])
    expect(await names(id)).toEqual([`or3-user-${bob}`, `or3-ws-${ws.bobHome}`])
  })

  it('keeps everything when the user keeps the data, and does nothing when they cancel', async () => {
    const { id, ws, alice } = await browserWithTwoAccounts()
    const before = await names(id)
    const account = { userId: alice, workspaceIds: [ws.aliceHome, ws.aliceTeam] }
    const signedOut: string[] = []
    expect(await flowFor(account, 'keep', [])(async () => void signedOut.push('keep'))).toEqual({ signedOut: true, removedDeviceData: false })
    expect(await flowFor(account, 'cancel', [])(async () => void signedOut.push('cancel'))).toEqual({ signedOut: false, removedDeviceData: false })
    expect(signedOut).toEqual(['keep'])
    expect(await names(id)).toEqual(before)
  })

  it('removes nothing when signing out fails', async () => {
    const { id, ws, alice } = await browserWithTwoAccounts()
    const before = await names(id)
    const failing = flowFor({ userId: alice, workspaceIds: [ws.aliceHome] }, 'remove', [])
    await expect(failing(async () => Promise.reject(new Error('offline')))).rejects.toThrow('offline')
    expect(await names(id)).toEqual(before)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resumeJobStream, type JobStreamItem } from '../../../app/core/chat/stream/resume-job-stream'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../../support/test-llm-server'
import type { BrowserLikeClient } from './browser-like-client'
import type { HostUnderTest } from './hosted-scenarios'
import { openRawEventStream } from './raw-event-stream'

/** A preset whose host can start with extra env (here: the test LLM server as the upstream). */
export interface ServicePresetUnderTest {
  name: string
  start(env: Record<string, string>): Promise<HostUnderTest>
}

async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await Bun.sleep(50)
  }
}

/** The page's job reader, with this profile's cookies, from `offset`: the text and the final event. */
async function readJob(url: string, client: BrowserLikeClient, jobId: string, offset: number) {
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  const withCookies = ((input: RequestInfo | URL, init?: RequestInit) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } })) as typeof fetch
  const items: JobStreamItem[] = []
  for await (const item of resumeJobStream(jobId, offset, { baseUrl: url, fetch: withCookies })) items.push(item)
  return { text: items.flatMap((i) => (i.type === 'delta' ? [i.content] : [])).join(''), done: items.find((i) => i.type === 'done') }
}

/**
 * What every cloud preset must do through its built server beyond accounts, sync and files:
 * invitations answered once, a background answer that survives a reload, and the notification
 * that reaches the owner's devices through sync (and wakes their event stream).
 */
export function describeHostedServiceScenarios(preset: ServicePresetUnderTest) {
  describe(`the ${preset.name} preset: invitations, background answers, notifications`, () => {
    let llm: TestLlmServer
    let server: HostUnderTest
    let alice: BrowserLikeClient
    let bob: BrowserLikeClient
    let carol: BrowserLikeClient
    let alicePersonal: string

    beforeAll(async () => {
      llm = startTestLlmServer()
      server = await preset.start({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'instance-key-for-tests' })
      alice = await server.signUp('alice@example.com', 'Alice')
      bob = await server.signUp('bob@example.com', 'Bob')
      carol = await server.signUp('carol@example.com', 'Carol')
      alicePersonal = (await alice.get('/api/auth/session')).body.workspace.id
    })
    afterAll(async () => {
      await server?.stop()
      await llm?.stop()
    })

    it('invitations: only owners invite; a link works once; revoked and declined links are refused', async () => {
      const team = (await alice.post('/api/workspaces', { name: 'Invited team' })).body.workspace.id
      expect((await bob.post(`/api/workspaces/${team}/invitations`, { email: 'x@example.com', role: 'viewer' })).status).toBe(403)

      const forBob = await alice.post(`/api/workspaces/${team}/invitations`, { email: 'bob@example.com', role: 'editor' })
      expect(forBob.status).toBe(201)
      const bobToken = forBob.body.invitePath.replace('/invite/', '')
      expect((await bob.post('/api/invitations/preview', { token: bobToken })).body.invitation).toMatchObject({ workspaceName: 'Invited team', role: 'editor' })
      expect((await bob.post('/api/invitations/accept', { token: bobToken })).status).toBe(200)
      expect((await carol.post('/api/invitations/accept', { token: bobToken })).status, 'a link works once').toBe(409)
      expect((await bob.get('/api/workspaces')).body.workspaces.find((w: { id: string }) => w.id === team)?.role).toBe('editor')

      const revoked = await alice.post(`/api/workspaces/${team}/invitations`, { email: 'carol@example.com', role: 'viewer' })
      expect((await alice.get(`/api/workspaces/${team}/invitations`)).body.invitations.map((i: { email: string }) => i.email)).toEqual(['carol@example.com'])
      expect((await alice.delete(`/api/workspaces/${team}/invitations/${revoked.body.invitation.id}`)).status).toBe(200)
      expect((await carol.post('/api/invitations/accept', { token: revoked.body.invitePath.replace('/invite/', '') })).status).toBe(409)

      const declined = await alice.post(`/api/workspaces/${team}/invitations`, { email: 'carol@example.com', role: 'viewer' })
      const carolToken = declined.body.invitePath.replace('/invite/', '')
      expect((await carol.post('/api/invitations/decline', { token: carolToken })).status).toBe(200)
      expect((await carol.post('/api/invitations/accept', { token: carolToken })).status).toBe(409)
      expect((await carol.post('/api/sync/pull', { scope: { workspaceId: team }, cursor: 0 })).status).toBe(403)
    })

    it("a background answer survives a reload, and the owner's devices hear it finished through sync", async () => {
      const events = openRawEventStream(server.url, `/api/sync/events?workspaceId=${alicePersonal}`, {
        cookie: [...alice.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      })
      try {
        await events.waitFor(/event: ready/)
        const prompt = 'one two three four five six seven eight [stall]'
        const started = await alice.post('/api/chat/stream', {
          model: 'test/echo',
          messages: [{ role: 'user', content: prompt }],
          workspaceId: alicePersonal,
          background: { threadId: 'thread-bg', messageId: 'message-bg' },
        })
        expect(started.status, JSON.stringify(started.body)).toBe(200)
        const { jobId } = started.body
        // The first words are stored; then the page is closed (nobody reads) and the answer goes on.
        const shown = await waitUntil('the first output is stored', async () => {
          const job = await alice.get(`/api/jobs/${jobId}`)
          return job.body.length > 0 ? (job.body.length as number) : null
        })
        llm.release()
        await waitUntil('the job completes with nobody reading', async () => (await alice.get(`/api/jobs/${jobId}`)).body.status === 'completed')

        // The reloaded page resumes from what it had shown; another device reads it all.
        const full = expectedEcho(prompt)
        const resumed = await readJob(server.url, alice, jobId, shown)
        expect(resumed.text).toBe(full.slice(shown))
        expect(resumed.done).toMatchObject({ status: 'completed', length: full.length })
        expect((await readJob(server.url, alice, jobId, 0)).text).toBe(full)
        expect((await bob.get(`/api/jobs/${jobId}`)).status, "someone else's job is not there for them").toBe(404)

        await events.waitFor(/event: version/)
        const notification = await waitUntil('the notification row syncs', async () => {
          const pulled = await alice.post('/api/sync/pull', { scope: { workspaceId: alicePersonal }, cursor: 0, tables: ['notifications'] })
          return pulled.body.changes.find((c: { payload?: { thread_id?: string } }) => c.payload?.thread_id === 'thread-bg')
        })
        expect(notification.payload).toMatchObject({ type: 'chat.reply.completed', title: 'Your reply is ready', read_at: null })
        expect(notification.stamp.deviceId).toBe('or3-server')
      } finally {
        events.drop()
      }
    })
  })
}

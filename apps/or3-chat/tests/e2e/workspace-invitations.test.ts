import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice, type chatPage } from './support/chat-page'

type Device = ReturnType<typeof chatPage>

/** A Nuxt UI input: the test id may sit on the wrapper or on the input itself. */
const inputIn = (field: Locator) => field.locator('input').or(field.and(field.page().locator('input'))).first()

/**
 * Sharing a workspace in a real browser on the embedded default: an owner invites someone by
 * email, sends them the link, they create their account from it, join, and the two see each
 * other's messages with the author's name. Each test makes its own owner, workspace and link, so
 * each runs alone, in any order.
 */
describe('inviting a second user to a workspace', () => {
  const harness = useChatHarness()

  async function newPage(url = harness.server.url): Promise<Device> {
    const context = await harness.newContext({ viewport: { width: 1280, height: 800 } })
    return newDevice(context, url)
  }

  /**
   * `owner` with a workspace `team` holding one thread, and an invite link for `email` made
   * through the API (the invite form is the first test's subject).
   */
  async function teamWithInvite(owner: string, team: string, email: string) {
    const device = await newPage()
    await device.register(`${owner.toLowerCase()}@example.com`, owner)
    const invitePath = await device.page.evaluate(
      async ({ team, email }) => {
        const post = async (path: string, body: unknown) =>
          (await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()
        const { workspace } = await post('/api/workspaces', { name: team })
        await post('/api/workspaces/active', { workspaceId: workspace.id })
        return (await post(`/api/workspaces/${workspace.id}/invitations`, { email, role: 'editor' })).invitePath as string
      },
      { team, email },
    )
    await device.page.reload()
    await expect.poll(() => device.page.getByTestId('workspace-switcher').textContent(), { timeout: 20_000 }).toContain(team)
    return { owner: device, link: `${harness.server.url}${invitePath}` }
  }

  it('an owner creates a workspace, writes in it and invites someone, getting a link', async () => {
    const alice = await newPage()
    await alice.register('alice@example.com', 'Alice')
    const { page } = alice
    await page.getByTestId('workspace-switcher').click()
    await page.getByRole('menuitem', { name: 'New workspace' }).click()
    await inputIn(page.getByTestId('new-workspace-name')).fill('Team')
    await page.getByRole('button', { name: 'Create' }).click()
    await expect.poll(() => page.getByTestId('workspace-switcher').textContent()).toContain('Team')

    await alice.send('Hello team, this is the plan for the week')
    await alice.waitForAssistantText(expectedEcho('Hello team, this is the plan for the week'))
    expect(await alice.messages('user').first().getByTestId('message-author').count(), 'no name on her own message').toBe(0)

    await page.getByTestId('workspace-switcher').click()
    await page.getByRole('menuitem', { name: 'Manage workspaces' }).click()
    await page.getByRole('button', { name: 'Members of Team' }).click()
    await expect.poll(() => page.getByTestId('member').allTextContents()).toEqual([expect.stringContaining('Alice')])
    await inputIn(page.getByTestId('invite-email')).fill('bob@example.com')
    await page.getByRole('button', { name: 'Invite' }).click()
    const url = inputIn(page.getByTestId('invite-link-url'))
    await url.waitFor()
    expect(await url.inputValue()).toMatch(new RegExp(`^${harness.server.url}/invite/[\\w-]{43}$`))
    await expect.poll(() => page.getByTestId('pending-invitation').allTextContents()).toEqual([expect.stringContaining('bob@example.com')])
  })

  it('the invitee opens the link, creates an account, joins, and both see who wrote what', async () => {
    const { owner, link } = await teamWithInvite('Carmen', 'Crew', 'dev@example.com')
    await owner.send('Hello crew, this is the plan for the week')
    await owner.waitForAssistantText(expectedEcho('Hello crew, this is the plan for the week'))

    const dev = await newPage(link)
    await dev.register('dev@example.com', 'Dev')
    const card = dev.page.getByTestId('invitation')
    await expect.poll(() => card.textContent()).toContain('Join Crew')
    expect(await card.textContent()).toContain('Carmen invited you as editor')
    await dev.page.getByTestId('accept-invitation').click()

    await expect.poll(() => dev.page.getByTestId('workspace-switcher').textContent()).toContain('Crew')
    await expect.poll(() => dev.threads().count(), { timeout: 20_000 }).toBe(1)
    await dev.threads().first().click()
    const fromOwner = dev.messages('user').filter({ hasText: 'Hello crew' })
    await expect.poll(() => fromOwner.getByTestId('message-author').textContent(), { timeout: 20_000 }).toBe('Carmen')

    await dev.send('Thanks Carmen, Dev here and ready')
    await dev.waitForAssistantText(expectedEcho('Thanks Carmen, Dev here and ready'))
    const fromDev = owner.messages('user').filter({ hasText: 'Dev here' })
    await expect.poll(() => fromDev.getByTestId('message-author').textContent(), { timeout: 30_000 }).toBe('Dev')
  })

  it('the link works once', async () => {
    const { link } = await teamWithInvite('Olga', 'Guild', 'first@example.com')
    const first = await newPage(link)
    await first.register('first@example.com', 'First')
    await first.page.getByTestId('accept-invitation').click()
    await expect.poll(() => first.page.getByTestId('workspace-switcher').textContent(), { timeout: 20_000 }).toContain('Guild')

    const second = await newPage(link)
    await second.register('second@example.com', 'Second')
    await expect.poll(() => second.page.getByTestId('invitation').textContent()).toContain('already been used')
    expect(await second.page.getByTestId('accept-invitation').count()).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice, type chatPage } from './support/chat-page'
import { watchCspViolations } from './support/csp-violations'
import { screenshot } from './support/screenshots'

type Device = ReturnType<typeof chatPage>

/**
 * Math in answers, search snippets and archiving, in a real browser against the built host on the
 * embedded default, with the echoing test upstream (so an answer is the prompt, word by word).
 */
describe('math, search and archive in a browser', () => {
  const harness = useChatHarness({ chunkDelayMs: 5 })
  const openContext = () => harness.newContext({ viewport: { width: 1280, height: 800 } })

  async function chat(device: Device, prompt: string) {
    await device.send(prompt)
    await device.waitForAssistantText(expectedEcho(prompt))
  }

  it('renders math in an answer with KaTeX from the app itself, under the CSP, and keeps it inert', async () => {
    const context = await openContext()
    const { violations, consoleErrors } = await watchCspViolations(context)
    const offOrigin: string[] = []
    context.on('request', (request) => {
      const url = request.url()
      if (!url.startsWith(harness.server.url) && !/^(data|blob):/.test(url)) offOrigin.push(url)
    })
    const device = await newDevice(context, harness.server.url)
    await device.register('euler@example.com', 'Euler')

    await device.send(
      'Euler wrote $e^{i\\pi} + 1 = 0$ and $$\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}$$ ' +
        'but `echo $HOME $PATH` is code and $\\href{javascript:alert(1)}{click}$ stays text',
    )
    const answer = device.page.locator('[data-testid="message"][data-role="assistant"]:not([data-status="streaming"])').first()
    const content = answer.getByTestId('message-content')
    await content.locator('.katex-display').waitFor({ timeout: 30_000 })
    expect(await content.locator('.katex').count()).toBe(3)
    expect(await content.locator('math').count()).toBe(3)
    expect(await content.locator('code').first().textContent()).toBe('echo $HOME $PATH')
    // The sanitizer drops MathML annotations (and the TeX in them); trust is off, so no link.
    expect(await content.locator('annotation, semantics').count()).toBe(0)
    expect(await content.locator('a').count()).toBe(0)
    expect(await content.textContent()).toContain('\\href')

    // KaTeX's own fonts came from this app's build, not from anywhere else.
    const katexFonts = await device.page.evaluate(async () => {
      await document.fonts.ready
      return [...document.fonts].filter((font) => font.family.includes('KaTeX') && font.status === 'loaded').map((font) => font.family)
    })
    expect(katexFonts).toContain('KaTeX_Main')
    expect(offOrigin).toEqual([])
    expect(violations).toEqual([])
    expect(consoleErrors).toEqual([])
    await screenshot(device.page, 'math')
  })

  it('shows a search snippet with the match marked and message markup as plain text', async () => {
    const device = await newDevice(await openContext(), harness.server.url)
    await device.register('baker@example.com', 'Baker')
    await chat(device, 'Bread questions\nhow long should <b>sourdough</b> rise <img src=x onerror=alert(1)>')
    await device.page.getByTestId('new-chat').click()
    await chat(device, 'Something else entirely')
    await expect.poll(() => device.threads().count()).toBe(2)
    await device.page.getByRole('heading', { name: 'Today' }).waitFor()

    await device.page.locator('input[data-testid="thread-search"], [data-testid="thread-search"] input').first().fill('SOURDOUGH')
    await expect.poll(() => device.threads().count()).toBe(1)
    const snippet = device.threads().first().getByTestId('search-snippet')
    expect(await snippet.locator('mark').textContent()).toBe('sourdough')
    expect(await snippet.textContent()).toContain('should <b>sourdough</b> rise <img src=x')
    expect(await device.page.getByRole('navigation', { name: 'Chats' }).locator('b, img').count()).toBe(0)
    await screenshot(device.page, 'search')
  })

  it('archives a chat out of the sidebar on every device, and brings it back from the Archived view', async () => {
    const laptop = await newDevice(await openContext(), harness.server.url)
    await laptop.register('archivist@example.com', 'Archivist')
    await chat(laptop, 'Holiday plans for the summer')
    await laptop.page.getByTestId('new-chat').click()
    await chat(laptop, 'Groceries for the week')
    const phone = await newDevice(await openContext(), harness.server.url)
    await phone.signIn('archivist@example.com')
    await expect.poll(() => phone.threads().count(), { timeout: 20_000 }).toBe(2)

    const holiday = laptop.threads().filter({ hasText: 'Holiday plans' })
    await holiday.hover()
    await holiday.getByTestId('thread-menu').click()
    await laptop.page.getByRole('menuitem', { name: 'Archive', exact: true }).click()
    await expect.poll(() => laptop.threads().allTextContents()).toEqual([expect.stringContaining('Groceries')])
    await expect.poll(() => phone.threads().allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining('Groceries')])

    await phone.page.getByTestId('archived-chats').click()
    const archived = phone.page.getByTestId('archived-thread')
    await expect.poll(() => archived.allTextContents()).toEqual([expect.stringContaining('Holiday plans')])
    // The picture shows the dialog once it has finished opening.
    await phone.page.getByRole('dialog').evaluate((dialog) => Promise.all(dialog.getAnimations({ subtree: true }).map((a) => a.finished)))
    await screenshot(phone.page, 'archived')
    await archived.getByRole('button', { name: /unarchive/i }).click()
    await expect.poll(() => archived.count()).toBe(0)
    await expect.poll(() => laptop.threads().count(), { timeout: 30_000 }).toBe(2)
  })
})

import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARCHIVE_TABLES, WRITER_OWNED_FIELDS } from '../../app/core/archive/archive-format'
import { expectedEcho } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice, TINY_PNG } from './support/chat-page'
import { screenshot } from './support/screenshots'

/** A Nuxt UI input: the test id may sit on the wrapper or on the input itself. */
const inputIn = (page: Page, testId: string) => page.getByTestId(testId).locator('input').or(page.locator(`input[data-testid="${testId}"]`)).first()

/**
 * The live rows of one workspace database as the browser holds them, without the fields each
 * device stamps itself (clock, hlc, ...): what an export must carry and an import must restore.
 */
function readWorkspace(page: Page, database: string) {
  return page.evaluate(
    async ({ database, tables, writerOwned }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(database)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      const read = (store: string) =>
        new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll()
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => reject(request.error)
        })
      const content: Record<string, unknown[]> = {}
      for (const table of tables) {
        const rows = (await read(table)) as Array<Record<string, unknown>>
        content[table] = rows
          .filter((row) => !row.deleted)
          .map((row) => Object.fromEntries(Object.entries(row).filter(([field]) => !writerOwned.includes(field))))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      }
      const blobs = (await read('file_blobs')) as Array<{ hash: string; blob: Blob }>
      const files = await Promise.all(blobs.map(async ({ hash, blob }) => [hash, blob.size, blob.type]))
      db.close()
      return { content, files }
    },
    { database, tables: [...ARCHIVE_TABLES], writerOwned: [...WRITER_OWNED_FIELDS] },
  )
}

const workspaceDatabases = async (page: Page) =>
  (await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''))).filter((name) => name.startsWith('or3-ws-'))

describe('export and import in a browser', () => {
  const harness = useChatHarness({ env: { OR3_BACKGROUND_ENABLED: 'false' } })

  it('exports a workspace, imports it into a fresh one with everything equal, adds nothing the second time, and refuses a damaged file', async () => {
    const context = await harness.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    const device = await newDevice(context, harness.server.url)
    const { page } = device
    await device.register('erin@example.com', 'Erin')
    await device.send('what is on this picture', { name: 'dot.png', mimeType: 'image/png', buffer: TINY_PNG })
    await device.waitForAssistantText(expectedEcho('what is on this picture'))
    await device.send('and say it in French')
    await device.waitForAssistantText(expectedEcho('and say it in French'))
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 20_000 }).toMatch(/synced/i)

    const [original] = await workspaceDatabases(page)
    const before = await readWorkspace(page, original!)
    expect(before.content.messages).toHaveLength(4)
    expect(before.files).toHaveLength(1)

    // Markdown of the chat, from its menu.
    await device.threads().first().hover()
    await device.threads().first().getByTestId('thread-menu').click()
    const markdownDownload = page.waitForEvent('download')
    await page.getByRole('menuitem', { name: 'Export as Markdown' }).click()
    const markdown = readFileSync((await (await markdownDownload).path())!, 'utf8')
    expect(markdown).toMatch(/^# .+\n\n## You\n\nwhat is on this picture\n\n- Attachment: dot\.png\n/)
    expect(markdown).toContain(expectedEcho('and say it in French'))

    // The chat alone, as an OR3 archive: imported after the whole workspace, it has nothing new.
    await device.threads().first().hover()
    await device.threads().first().getByTestId('thread-menu').click()
    const chatDownload = page.waitForEvent('download')
    await page.getByRole('menuitem', { name: 'Export as OR3 archive' }).click()
    const chatArchive = await chatDownload
    expect(chatArchive.suggestedFilename()).toMatch(/\.or3\.zip$/)
    const chatArchivePath = join(await mkdtemp(join(tmpdir(), 'or3-export-')), chatArchive.suggestedFilename())
    await chatArchive.saveAs(chatArchivePath)

    // The whole workspace, from Settings.
    await page.getByTestId('settings-button').click()
    const archiveDownload = page.waitForEvent('download')
    await page.getByTestId('export-workspace').click()
    const download = await archiveDownload
    expect(download.suggestedFilename()).toMatch(/^or3-workspace-\d{4}-\d{2}-\d{2}\.zip$/)
    const archivePath = join(await mkdtemp(join(tmpdir(), 'or3-export-')), download.suggestedFilename())
    await download.saveAs(archivePath)
    await page.keyboard.press('Escape')

    // A fresh workspace, and the archive imported into it.
    await page.getByTestId('workspace-switcher').click()
    await page.getByRole('menuitem', { name: 'New workspace' }).click()
    await inputIn(page, 'new-workspace-name').fill('Restored')
    await page.getByRole('button', { name: 'Create' }).click()
    await expect.poll(() => page.getByTestId('workspace-switcher').textContent(), { timeout: 20_000 }).toContain('Restored')
    await expect.poll(() => device.threads().count(), { timeout: 20_000 }).toBe(0)

    await page.getByTestId('settings-button').click()
    await page.getByTestId('import-file-input').setInputFiles(archivePath)
    await expect
      .poll(() => page.getByTestId('import-result').textContent(), { timeout: 20_000 })
      .toContain('Imported 1 chat, 4 messages and 1 file.')
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 20_000 }).toMatch(/synced/i)
    await page.getByTestId('export-import').scrollIntoViewIfNeeded()
    await screenshot(page, 'export-import')

    const restored = (await workspaceDatabases(page)).find((name) => name !== original)!
    const after = await readWorkspace(page, restored)
    expect(after.content).toEqual(before.content)
    expect(after.files).toEqual(before.files)

    // The chat's own archive and the same workspace archive again add nothing; a damaged copy is
    // one sentence and writes nothing. A refusal between the two imports hides the first answer,
    // so each "Nothing new" read is the answer to its own import.
    const nothingNew = 'Nothing new to import: everything in this file is already in this workspace.'
    const bytes = readFileSync(archivePath)
    await page.getByTestId('import-file-input').setInputFiles(chatArchivePath)
    await expect.poll(() => page.getByTestId('import-result').textContent(), { timeout: 20_000 }).toContain(nothingNew)
    await page.getByTestId('import-file-input').setInputFiles({ name: 'cut.zip', mimeType: 'application/zip', buffer: bytes.subarray(0, bytes.length - 200) })
    await expect
      .poll(async () => (await page.getByTestId('import-error').textContent())?.trim(), { timeout: 20_000 })
      .toMatch(/^This archive is damaged or incomplete \(.+\), so nothing was imported\.$/)
    expect(await page.getByTestId('import-result').count()).toBe(0)
    await page.getByTestId('import-file-input').setInputFiles(archivePath)
    await expect.poll(() => page.getByTestId('import-result').textContent(), { timeout: 20_000 }).toContain(nothingNew)
    expect(await readWorkspace(page, restored)).toEqual(after)

    // The imported chat opens, with its picture.
    await page.keyboard.press('Escape')
    await device.threads().first().click()
    await device.waitForAssistantText(expectedEcho('and say it in French'))
    await page.locator('[data-testid="message"][data-role="user"] img').first().waitFor({ timeout: 10_000 })
  })
})

import { describe, expect, it } from 'vitest'
import {
  blobToDataUrl,
  MAX_INLINE_TEXT_CHARS,
  prepareAttachment,
  userMessageContent,
  type AttachmentForModel,
} from '../../../app/core/chat/attachment-parts'
import { checkAttachment, serverAttachmentRules } from '../../../app/core/chat/attachment-policy'
import { DEFAULT_MAX_FILE_MB } from '../../../shared/config/storage-defaults'

const MB = 1024 * 1024
/** A server's session limits as `describeClientLimits` reports them. */
const limits = (maxAttachmentMb: number, allowedAttachmentTypes = ['image/*', 'application/pdf', 'text/*']) => ({
  maxRequestBytes: 8 * MB,
  maxChatMessages: 200,
  maxContentParts: 64,
  maxAttachmentBytes: maxAttachmentMb * MB,
  allowedAttachmentTypes,
  defaultContextTokens: 32_000,
})
const anyServer = serverAttachmentRules(limits(20), true)

describe('attachment policy', () => {
  it('accepts images, PDFs and text files (also by extension when the browser gives no type)', () => {
    expect(checkAttachment({ name: 'a.png', type: 'image/png', size: 10 }, anyServer)).toEqual({ ok: true, kind: 'image', mimeType: 'image/png' })
    expect(checkAttachment({ name: 'a.pdf', type: 'application/pdf', size: 10 }, anyServer)).toMatchObject({ ok: true, kind: 'pdf' })
    expect(checkAttachment({ name: 'notes.txt', type: 'text/plain;charset=utf-8', size: 10 }, anyServer)).toEqual({ ok: true, kind: 'text', mimeType: 'text/plain' })
    expect(checkAttachment({ name: 'main.ts', type: '', size: 10 }, anyServer)).toEqual({ ok: true, kind: 'text', mimeType: 'text/plain' })
    expect(checkAttachment({ name: 'a.zip', type: 'application/zip', size: 10 }, anyServer).ok).toBe(false)
  })

  it("follows the server's configured size limit, not a smaller one of its own, and names it when it refuses", () => {
    const server = serverAttachmentRules(limits(20), true)
    expect(checkAttachment({ name: 'scan.pdf', type: 'application/pdf', size: 12 * MB }, server)).toMatchObject({ ok: true })
    const big = checkAttachment({ name: 'scan.pdf', type: 'application/pdf', size: 21 * MB }, server)
    expect(big.ok ? '' : big.reason).toBe("scan.pdf is 21.0 MB, over this server's limit of 20 MB per file. Attach a smaller file.")

    const small = checkAttachment({ name: 'b.png', type: 'image/png', size: 2 * MB }, serverAttachmentRules(limits(1.5), false))
    expect(small.ok ? '' : small.reason).toContain("over this server's limit of 1.5 MB per file")
  })

  it("applies the storage's types only when the server stores files, and the server's default before it has answered", () => {
    const imagesOnly = limits(20, ['image/*'])
    expect(checkAttachment({ name: 'a.pdf', type: 'application/pdf', size: 10 }, serverAttachmentRules(imagesOnly, true))).toMatchObject({ ok: false })
    expect(checkAttachment({ name: 'a.pdf', type: 'application/pdf', size: 10 }, serverAttachmentRules(imagesOnly, false))).toMatchObject({ ok: true })
    expect(serverAttachmentRules(undefined, true)).toEqual({ maxBytes: DEFAULT_MAX_FILE_MB * MB, allowedTypes: null })
  })
})

async function content(text: string, files: AttachmentForModel[]) {
  const prepared = await Promise.all(files.map((file) => prepareAttachment(file)))
  return userMessageContent(text, prepared.filter((file) => file !== null))
}

describe('user message content', () => {
  it('is plain text when nothing is attached', async () => {
    expect(await content('hello', [])).toBe('hello')
  })

  it('sends images as image_url data URLs, PDFs as file parts and inlines text files', async () => {
    const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' })
    const pdf = new Blob(['%PDF-1.4'], { type: 'application/pdf' })
    const text = new Blob(['line one\nline two'], { type: 'text/plain' })
    const parts = await content('Look at these', [
      { name: 'pic.png', mimeType: 'image/png', blob: png },
      { name: 'doc.pdf', mimeType: 'application/pdf', blob: pdf },
      { name: 'notes.txt', mimeType: 'text/plain', blob: text },
    ])
    expect(parts).toEqual([
      { type: 'text', text: 'Look at these' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
      { type: 'file', file: { filename: 'doc.pdf', file_data: `data:application/pdf;base64,${btoa('%PDF-1.4')}` } },
      { type: 'text', text: 'Attached file "notes.txt":\n```\nline one\nline two\n```' },
    ])
  })

  it('cuts very long text files and fences text that contains fences', async () => {
    const long = new Blob(['x'.repeat(MAX_INLINE_TEXT_CHARS + 10)], { type: 'text/plain' })
    const fenced = new Blob(['```js\ncode\n```'], { type: 'text/markdown' })
    const parts = (await content('', [
      { name: 'big.log', mimeType: 'text/plain', blob: long },
      { name: 'readme.md', mimeType: 'text/markdown', blob: fenced },
    ])) as Array<{ text: string }>
    expect(parts).toHaveLength(2)
    expect(parts[0]!.text).toContain(`[… cut after ${MAX_INLINE_TEXT_CHARS} characters]`)
    expect(parts[0]!.text.length).toBeLessThan(MAX_INLINE_TEXT_CHARS + 200)
    expect(parts[1]!.text.startsWith('Attached file "readme.md":\n````\n')).toBe(true)
  })

  it('encodes binary data URLs correctly beyond one chunk', async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256)
    const url = await blobToDataUrl(new Blob([bytes]), 'image/webp')
    const decoded = Uint8Array.from(atob(url.slice('data:image/webp;base64,'.length)), (char) => char.charCodeAt(0))
    expect(decoded).toEqual(bytes)
  })
})

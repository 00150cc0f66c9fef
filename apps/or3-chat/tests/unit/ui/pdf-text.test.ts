import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import { pageText, readPdfText, type PdfJs, type PdfTextExtractor } from '../../../app/core/chat/pdf-text'
import { prepareAttachment, toContentPart } from '../../../app/core/chat/attachment-parts'
import { tinyPdf } from '../../support/tiny-pdf'

/** pdf.js itself (its Node build, the same code the browser's worker runs). */
const extract: PdfTextExtractor = async (blob) => readPdfText(pdfjs as unknown as PdfJs, new Uint8Array(await blob.arrayBuffer()), 100_000)

describe('PDF text', () => {
  it('reads the text of every page of a real PDF, pages apart', async () => {
    const pdf = tinyPdf([['Quarterly report (draft)', 'Revenue rose by 12 percent'], ['Second page: outlook']])
    const text = await readPdfText(pdfjs as unknown as PdfJs, new Uint8Array(pdf), 100_000)
    expect(text).toBe('Quarterly report (draft)\nRevenue rose by 12 percent\n\nSecond page: outlook')
  })

  it('is null for a PDF without text (a scan) and stops reading pages once it has enough', async () => {
    expect(await readPdfText(pdfjs as unknown as PdfJs, new Uint8Array(tinyPdf([[]])), 100_000)).toBeNull()
    const pages = Array.from({ length: 5 }, (_, i) => [`page ${i + 1} ${'x'.repeat(40)}`])
    const text = await readPdfText(pdfjs as unknown as PdfJs, new Uint8Array(tinyPdf(pages)), 60)
    expect(text?.split('\n\n')).toHaveLength(2)
  })

  it('joins runs into lines where pdf.js ends them', () => {
    expect(pageText([{ str: 'Hello', hasEOL: false }, { str: ' world  ', hasEOL: true }, {}, { str: 'next', hasEOL: false }])).toBe('Hello world\nnext')
  })

  it('sends a PDF with text as that text, so models without file input read it', async () => {
    const blob = new Blob([tinyPdf([['Invoice 1042', 'Total due: 310 EUR']])], { type: 'application/pdf' })
    const prepared = await prepareAttachment({ name: 'invoice.pdf', mimeType: 'application/pdf', blob, hash: 'h-invoice' }, { extractPdfText: extract })
    expect(await toContentPart(prepared!)).toEqual({
      type: 'text',
      text: 'Text of the attached PDF "invoice.pdf":\n```\nInvoice 1042\nTotal due: 310 EUR\n```',
    })
  })

  it('sends a PDF without text as a file part, and cuts long text to the room it is given', async () => {
    const scan = new Blob([tinyPdf([[]])], { type: 'application/pdf' })
    const prepared = await prepareAttachment({ name: 'scan.pdf', mimeType: 'application/pdf', blob: scan }, { extractPdfText: extract })
    expect((await toContentPart(prepared!)).type).toBe('file')

    const long = new Blob([tinyPdf([['y'.repeat(300)]])], { type: 'application/pdf' })
    const cut = await prepareAttachment({ name: 'long.pdf', mimeType: 'application/pdf', blob: long }, { extractPdfText: extract, maxInlineChars: 50 })
    expect(cut!.inlined).toContain('[… cut after 50 characters]')
    expect(cut!.inlined!.length).toBeLessThan(150)
  })
})

/**
 * The text of a PDF, read with pdf.js (`pdfjs-dist`), so a model without file input still gets
 * its content. This file holds only the reading; pdf-text-browser.ts loads pdf.js and its worker
 * on first use, and the unit tests pass the Node build.
 */

/** Turns a PDF into its text; null when it has none (a scan) or cannot be read. */
export type PdfTextExtractor = (pdf: Blob) => Promise<string | null>

/** The part of pdf.js this needs (`getDocument`), so any of its builds can be passed. */
export interface PdfJs {
  getDocument(source: { data: Uint8Array; verbosity?: number }): {
    promise: Promise<PdfDocument>
    destroy(): Promise<void>
  }
}

interface PdfDocument {
  numPages: number
  getPage(pageNumber: number): Promise<{ getTextContent(): Promise<{ items: ReadonlyArray<PdfTextItem | object> }> }>
}

interface PdfTextItem {
  str: string
  hasEOL?: boolean
}

/** pdf.js's VerbosityLevel.ERRORS: its warnings about fonts are noise in the console. */
const ERRORS_ONLY = 0

/** A page's text: runs joined as pdf.js lays them out, a line break where it ends a line. */
export function pageText(items: ReadonlyArray<PdfTextItem | object>): string {
  let text = ''
  for (const item of items) {
    if (!('str' in item)) continue
    text += item.str
    if (item.hasEOL) text += '\n'
  }
  return text.replace(/[ \t]+\n/g, '\n').trim()
}

/**
 * The text of every page, pages apart by a blank line, read no further than `maxChars` (a huge
 * PDF is not read to the end only to be cut). Null when no page has text.
 */
export async function readPdfText(pdfjs: PdfJs, bytes: Uint8Array, maxChars: number): Promise<string | null> {
  const task = pdfjs.getDocument({ data: bytes, verbosity: ERRORS_ONLY })
  try {
    const document = await task.promise
    const pages: string[] = []
    let length = 0
    for (let number = 1; number <= document.numPages && length < maxChars; number++) {
      const page = await document.getPage(number)
      const text = pageText((await page.getTextContent()).items)
      if (!text) continue
      pages.push(text)
      length += text.length + 2
    }
    const text = pages.join('\n\n')
    return text ? text : null
  } finally {
    await task.destroy()
  }
}

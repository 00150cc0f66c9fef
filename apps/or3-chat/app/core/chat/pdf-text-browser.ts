import { readPdfText, type PdfJs, type PdfTextExtractor } from './pdf-text'
import { MAX_INLINE_TEXT_CHARS } from './attachment-parts'

let loaded: Promise<PdfJs> | undefined

/**
 * pdf.js and its worker, loaded on the first PDF (they are large, and most visits never read one).
 * Both are bundled from `pdfjs-dist` (the legacy build, which runs in every browser the app
 * supports); the worker is served from this origin, which the CSP's `worker-src 'self'` allows.
 */
function loadPdfJs(): Promise<PdfJs> {
  return (loaded ??= (async () => {
    const [pdfjs, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.min.mjs?url')])
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default
    return pdfjs as unknown as PdfJs
  })().catch((error: unknown) => {
    loaded = undefined
    throw error
  }))
}

/**
 * The browser's extractor; null for a PDF without text or one pdf.js cannot read (damaged,
 * encrypted): such a PDF is then sent as the file itself, which models that read files can still
 * use, so the message goes rather than failing.
 */
export const extractPdfTextInBrowser: PdfTextExtractor = async (pdf) => {
  try {
    return await readPdfText(await loadPdfJs(), new Uint8Array(await pdf.arrayBuffer()), MAX_INLINE_TEXT_CHARS)
  } catch {
    return null
  }
}

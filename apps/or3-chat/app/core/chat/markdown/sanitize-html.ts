import DOMPurify from 'dompurify'

/**
 * The browser's last pass over rendered Markdown. The renderer already escapes raw HTML and
 * drops unsafe URLs (so the output is safe where DOMPurify cannot run, e.g. server rendering and
 * tests); DOMPurify catches whatever a renderer bug might let through.
 */
export function sanitizeHtml(html: string): string {
  if (!DOMPurify.isSupported) return html
  return DOMPurify.sanitize(html, { ADD_ATTR: ['target'], FORBID_TAGS: ['style', 'form', 'input', 'img'] })
}

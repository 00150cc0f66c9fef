import DOMPurify from 'dompurify'

/**
 * The browser's last pass over rendered Markdown. The renderer already escapes raw HTML and
 * drops unsafe URLs (so the output is safe where DOMPurify cannot run, e.g. server rendering and
 * tests); DOMPurify catches whatever a renderer bug might let through. It drops MathML's
 * <semantics>/<annotation> (a known mutation-XSS surface); the annotation's TeX source goes with
 * it, so screen readers read KaTeX's MathML once rather than the source after it.
 */
export function sanitizeHtml(html: string): string {
  if (!DOMPurify.isSupported) return html
  return DOMPurify.sanitize(html, {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'img'],
    ADD_FORBID_CONTENTS: ['annotation'],
  })
}

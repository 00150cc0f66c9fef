import { Marked, type Tokens } from 'marked'
import { escapeHtml, highlightCode } from './highlight-code'
import { mathExtension } from './render-math'
import { sanitizeHtml } from './sanitize-html'

/** Attribute the message view listens for to copy the code block it belongs to. */
export const COPY_CODE_ATTRIBUTE = 'data-copy-code'

const SAFE_URL = /^(https?:|mailto:)/i
const LANGUAGE_NAME = /^[\w+#.-]{1,32}$/

function safeUrl(href: string): string | null {
  const trimmed = href.trim()
  return SAFE_URL.test(trimmed) ? trimmed : null
}

/**
 * Markdown for model output. Model text is untrusted: raw HTML is shown as text, links keep only
 * http(s)/mailto URLs and open in a new tab, images become links (nothing is loaded from a URL
 * the model chose), code blocks are highlighted with a copy button, and `$…$` / `$$…$$` become
 * KaTeX math (see render-math.ts for its untrusted-input settings).
 */
const marked = new Marked({
  gfm: true,
  renderer: {
    html({ text }) {
      return escapeHtml(text)
    },
    code({ text, lang }: Tokens.Code) {
      const language = lang?.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? ''
      const safeLanguage = LANGUAGE_NAME.test(language) ? language : ''
      const label = safeLanguage || 'text'
      return (
        `<div class="md-code"><div class="md-code-header"><span>${escapeHtml(label)}</span>` +
        `<button type="button" class="md-code-copy" ${COPY_CODE_ATTRIBUTE}="" aria-label="Copy code">Copy</button></div>` +
        `<pre><code class="hljs${safeLanguage ? ` language-${safeLanguage}` : ''}">${highlightCode(text, safeLanguage || null)}</code></pre></div>`
      )
    },
    link({ href, title, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens)
      const url = safeUrl(href)
      if (!url) return text
      const titleAttribute = title ? ` title="${escapeHtml(title)}"` : ''
      return `<a href="${escapeHtml(url)}"${titleAttribute} target="_blank" rel="noopener noreferrer nofollow">${text}</a>`
    },
    image({ href, text }: Tokens.Image) {
      const url = safeUrl(href)
      const label = escapeHtml(text || 'image')
      return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer nofollow">${label}</a>` : label
    },
  },
})
marked.use(mathExtension)

/** Safe HTML for a Markdown message; works on partial (still streaming) text. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(marked.parse(source, { async: false }))
}

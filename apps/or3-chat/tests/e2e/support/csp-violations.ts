import type { BrowserContext } from 'playwright-core'

/**
 * Collects every Content-Security-Policy violation in the pages of a browser context: the
 * `securitypolicyviolation` events (listened for by a script that runs before any page script and
 * outside the page's policy, on every navigation) and CSP errors on the console.
 */
export async function watchCspViolations(context: BrowserContext): Promise<{ violations: string[]; consoleErrors: string[] }> {
  const violations: string[] = []
  const consoleErrors: string[] = []
  await context.exposeBinding('or3ReportCspViolation', (_source, report: string) => void violations.push(report))
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`
      void (window as unknown as { or3ReportCspViolation(report: string): Promise<void> }).or3ReportCspViolation(report)
    })
  })
  context.on('console', (message) => {
    if (/content security policy|refused to (load|execute|apply|connect|frame)/i.test(message.text())) consoleErrors.push(message.text())
  })
  return { violations, consoleErrors }
}

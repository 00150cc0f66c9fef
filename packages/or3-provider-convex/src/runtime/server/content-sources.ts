import { allowContentSources } from 'or3-provider-kit/server'

/**
 * Lets pages reach the deployment: its https origin for attachment uploads and downloads (Convex
 * storage URLs), and with direct sync its wss origin too (ConvexClient's websocket). The page
 * policy only admits https/wss origins, so a plain-http deployment (local development) is left
 * out, with a warning: browsers will not reach it from an OR3 page.
 */
export function allowDeploymentOrigin(url: string, options: { websocket: boolean }, warn: (line: string) => void = console.warn): void {
  const { protocol, host } = new URL(url)
  if (protocol !== 'https:') {
    warn(
      `[or3-provider-convex] OR3_CONVEX_URL is ${protocol}//${host}: the page's Content-Security-Policy only admits https and wss ` +
        'origins, so browsers cannot upload attachments to it (or sync with it directly); use an https deployment URL',
    )
    return
  }
  allowContentSources({ 'connect-src': [`https://${host}`, ...(options.websocket ? [`wss://${host}`] : [])] })
}

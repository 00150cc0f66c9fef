import type { H3Event } from 'h3'

/**
 * An AbortController that fires when the client goes away before the response ended. Attach it
 * before calling the upstream: a client that gives up while the upstream is still silent (no
 * headers yet) must cancel that request too. Under the node-server preset on Bun the response's
 * `close` is the signal that fires for a dropped connection (the request's `close` fires as soon
 * as its body was read, and a ReadableStream's `cancel` never fires there).
 */
export function abortWhenClientLeaves(event: H3Event): AbortController {
  const controller = new AbortController()
  const response = event.node.res
  if (response.destroyed && !response.writableFinished) {
    controller.abort()
    return controller
  }
  response.once('close', () => {
    if (!response.writableFinished) controller.abort()
  })
  return controller
}

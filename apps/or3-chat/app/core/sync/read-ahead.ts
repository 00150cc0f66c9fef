/**
 * Starts a request whose answer is awaited later (the next page, fetched while this one is
 * stored). If the caller stops before awaiting it (a page failed to store), its failure is not
 * an unhandled rejection; awaiting it still throws.
 */
export function readAhead<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined)
  return request
}

import {
  NetworkUnreachableError,
  ProviderError,
  errorFromResponse,
  parseJsonText,
  readErrorResponse,
  type FetchLike,
  type PresignedRequest,
  type UploadReceipt,
} from 'or3-provider-kit'
import { uploadReceiptFrom } from './upload-receipt'

/**
 * Moving bytes to and from a presigned URL. Uploads use XMLHttpRequest where there is one, since
 * only it reports upload progress; elsewhere (Node tests) fetch. Relative URLs (a provider's own
 * route, e.g. the fs provider's) are resolved against the gateway's base URL. An upload answers
 * its receipt: the upload's JSON answer, which the commit passes on (Convex's `{ storageId }`).
 */
export interface ByteTransport {
  upload(
    request: PresignedRequest,
    body: Blob,
    options: { signal: AbortSignal; onProgress(loaded: number): void },
  ): Promise<UploadReceipt | undefined>
  download(request: PresignedRequest, options: { signal: AbortSignal }): Promise<Blob>
}

export interface ByteTransportOptions {
  baseUrl?: string
  fetch?: FetchLike
}

export function createByteTransport(options: ByteTransportOptions = {}): ByteTransport {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const resolve = (url: string) => (url.startsWith('/') ? `${(options.baseUrl ?? '').replace(/\/+$/, '')}${url}` : url)
  const useXhr = !options.fetch && typeof XMLHttpRequest !== 'undefined'

  async function send(request: PresignedRequest, body: Blob | undefined, signal: AbortSignal): Promise<Response> {
    let response: Response
    try {
      response = await fetchImpl(resolve(request.url), { method: request.method, headers: request.headers, body, signal })
    } catch (error) {
      if (signal.aborted) throw signal.reason
      throw new ProviderError('UNAVAILABLE', 'Cannot reach the file storage; the transfer will be retried', {
        cause: new NetworkUnreachableError(error),
      })
    }
    if (!response.ok) throw await readErrorResponse(response, request.url.split('?')[0]!)
    return response
  }

  return {
    async upload(request, body, { signal, onProgress }) {
      if (useXhr) return uploadWithXhr(resolve(request.url), request, body, signal, onProgress)
      const response = await send(request, body, signal)
      onProgress(body.size)
      return uploadReceiptFrom(await response.text())
    },
    async download(request, { signal }) {
      return (await send(request, undefined, signal)).blob()
    },
  }
}

function uploadWithXhr(
  url: string,
  request: PresignedRequest,
  body: Blob,
  signal: AbortSignal,
  onProgress: (loaded: number) => void,
): Promise<UploadReceipt | undefined> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(request.method, url)
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => onProgress(event.loaded)
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(body.size)
        return resolve(uploadReceiptFrom(xhr.responseText))
      }
      const answer = { status: xhr.status, headers: new Headers({ 'retry-after': xhr.getResponseHeader('retry-after') ?? '' }) }
      reject(errorFromResponse(answer, parseJsonText(xhr.responseText), url.split('?')[0]!))
    }
    xhr.onerror = () =>
      reject(new ProviderError('UNAVAILABLE', 'Cannot reach the file storage; the transfer will be retried', {
        cause: new NetworkUnreachableError(new Error('upload failed')),
      }))
    const abort = () => {
      xhr.abort()
      reject(signal.reason)
    }
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    xhr.onloadend = () => signal.removeEventListener('abort', abort)
    xhr.send(body)
  })
}

import {
  commitResponseSchema,
  presignDownloadResponseSchema,
  presignUploadResponseSchema,
  createJsonClient,
  type JsonClientOptions,
  type ObjectStorageProvider,
} from 'or3-provider-kit'

export const GATEWAY_STORAGE_PROVIDER_ID = 'gateway'

/** Core's ObjectStorageProvider: presign and commit through /api/storage/*. */
export function createGatewayStorageProvider(options: JsonClientOptions = {}): ObjectStorageProvider {
  const http = createJsonClient({ offlineMessage: 'Cannot reach the OR3 server; the transfer will be retried', ...options })
  return {
    id: GATEWAY_STORAGE_PROVIDER_ID,
    presignUpload: (body) => http.request('/api/storage/presign-upload', { body, schema: presignUploadResponseSchema }),
    presignDownload: (body) => http.request('/api/storage/presign-download', { body, schema: presignDownloadResponseSchema }),
    commit: (body) => http.request('/api/storage/commit', { body, schema: commitResponseSchema }),
  }
}

import {
  commitResponseSchema,
  presignDownloadResponseSchema,
  presignUploadResponseSchema,
  type ObjectStorageProvider,
} from 'or3-provider-kit'
import { createGatewayHttp, type GatewayHttpOptions } from '../sync/gateway-http'

export const GATEWAY_STORAGE_PROVIDER_ID = 'gateway'

/** Core's ObjectStorageProvider: presign and commit through /api/storage/*. */
export function createGatewayStorageProvider(options: GatewayHttpOptions = {}): ObjectStorageProvider {
  const http = createGatewayHttp(options)
  return {
    id: GATEWAY_STORAGE_PROVIDER_ID,
    presignUpload: (request) => http.postJson('/api/storage/presign-upload', request, presignUploadResponseSchema),
    presignDownload: (request) => http.postJson('/api/storage/presign-download', request, presignDownloadResponseSchema),
    commit: (request) => http.postJson('/api/storage/commit', request, commitResponseSchema),
  }
}

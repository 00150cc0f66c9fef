import type { StorageCallContext, StorageGatewayAdapter, StorageGcContext } from '../contracts/server.ts'
import type { ClientMode } from '../schemas/session.ts'
import {
  commitRequestSchema,
  presignDownloadRequestSchema,
  presignUploadRequestSchema,
  storageGcRequestSchema,
  type CommitRequest,
  type CommitResponse,
  type PresignDownloadRequest,
  type PresignDownloadResponse,
  type PresignUploadRequest,
  type PresignUploadResponse,
  type StorageGcRequest,
  type StorageGcResponse,
} from '../schemas/storage.ts'
import { assertUploadAllowed, type UploadLimits } from '../storage/upload-policy.ts'
import { wrapMethods, type AdapterOptions, type ArgumentSchemas, type Implementation } from './define-adapter.ts'

/** The storage logic of a blob backend: requests arrive checked and within the deployment's limits. */
export interface StorageGatewayImplementation extends AdapterOptions {
  readonly clientMode?: ClientMode
  /** What the deployment accepts: `presignUpload` and `commit` refuse anything else before they reach you. */
  limits?: UploadLimits
  presignUpload: Implementation<(ctx: StorageCallContext, request: PresignUploadRequest) => Promise<PresignUploadResponse>>
  presignDownload: Implementation<(ctx: StorageCallContext, request: PresignDownloadRequest) => Promise<PresignDownloadResponse>>
  commit: Implementation<(ctx: StorageCallContext, request: CommitRequest) => Promise<CommitResponse>>
  gc?: Implementation<(ctx: StorageGcContext, request: StorageGcRequest) => Promise<StorageGcResponse>>
}

const SCHEMAS: Record<string, ArgumentSchemas> = {
  presignUpload: [null, ['presign-upload request', presignUploadRequestSchema]],
  presignDownload: [null, ['presign-download request', presignDownloadRequestSchema]],
  commit: [null, ['commit request', commitRequestSchema]],
  gc: [null, ['storage gc request', storageGcRequestSchema]],
}

/**
 * A StorageGatewayAdapter from its storage logic. The factory parses each request once, applies
 * the upload limits (size: TOO_LARGE, type: VALIDATION) to presignUpload and commit, and maps
 * backend failures through `mapError`.
 */
export function defineStorageGateway(implementation: StorageGatewayImplementation): StorageGatewayAdapter {
  const { limits } = implementation
  const withinLimits: StorageGatewayImplementation = limits
    ? {
        ...implementation,
        presignUpload(ctx, request) {
          assertUploadAllowed(limits, request)
          return implementation.presignUpload(ctx, request)
        },
        commit(ctx, request) {
          assertUploadAllowed(limits, request)
          return implementation.commit(ctx, request)
        },
      }
    : implementation
  return {
    id: implementation.id,
    ...(implementation.clientMode ? { clientMode: implementation.clientMode } : {}),
    ...(wrapMethods(withinLimits, SCHEMAS) as unknown as Omit<StorageGatewayAdapter, 'id'>),
  }
}

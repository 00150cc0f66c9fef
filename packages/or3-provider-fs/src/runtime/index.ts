// The "." export: everything needed to build the fs storage gateway and its routes without Nuxt.
export {
  createFsStorageGateway,
  DEFAULT_UPLOAD_GRACE_MS,
  DEFAULT_URL_TTL_MS,
  FS_DOWNLOAD_ROUTE,
  FS_UPLOAD_ROUTE,
  type FsStorageGateway,
  type FsStorageGatewayOptions,
} from './server/storage-gateway'
export { fsStorageOptionsFromEnv } from './server/settings'
export { createBlobUploadHandler } from './server/routes/upload.put'
export { createBlobDownloadHandler } from './server/routes/download.get'
export { getActiveFsStorage, setActiveFsStorage } from './server/active-storage'
export { locateBlob, workspaceDirName, type BlobLocation } from './server/blob-paths'
export { createBlobUrlSigner, type BlobUrlClaims, type BlobUrlPurpose, type BlobUrlSigner } from './server/signed-urls'
export type { BlobMetadata, FsBlobStore } from './server/blob-store'

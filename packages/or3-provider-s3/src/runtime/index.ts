// The "." export: everything needed to build the S3 storage gateway without Nuxt.
export {
  createS3StorageGateway,
  DEFAULT_UPLOAD_GRACE_MS,
  DEFAULT_URL_TTL_MS,
  type S3StorageGateway,
  type S3StorageGatewayOptions,
} from './server/storage-gateway'
export { s3LocationFromEnv, s3StorageOptionsFromEnv } from './server/settings'
export { createS3Client, describeStore, normalizePrefix, type S3Location } from './server/s3-client'
export { describeSetupFailure } from './server/s3-failures'
export { allowBucketOrigin, bucketOrigin } from './server/content-sources'
export { classifyKey, objectKeys, workspaceSegment, type ObjectKeys } from './server/object-keys'
export { createS3ObjectStore, PRESIGNED_AT_META, type CommitRecord, type S3ObjectStore } from './server/object-store'

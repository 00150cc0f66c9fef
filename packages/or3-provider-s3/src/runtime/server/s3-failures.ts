import { ProviderError } from 'or3-provider-kit'
import { describeStore, type S3Location } from './s3-client'

interface SdkFailure {
  name?: string
  Code?: string
  code?: string
  $metadata?: { httpStatusCode?: number }
}

const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'Forbidden', 'InvalidToken', 'ExpiredToken'])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ConnectionRefused'])

export function statusOf(error: unknown): number | undefined {
  return (error as SdkFailure | null)?.$metadata?.httpStatusCode
}

/** A missing object (HeadObject answers a bare 404, GetObject NoSuchKey). */
export function isMissingObject(error: unknown): boolean {
  const failure = error as SdkFailure | null
  return failure?.name === 'NotFound' || failure?.name === 'NoSuchKey' || statusOf(error) === 404
}

/**
 * One sentence a person can act on for why the store cannot be used, or undefined for a failure
 * that is not about the set-up. HEAD requests carry no error body, so the status decides there.
 */
export function describeSetupFailure(error: unknown, location: S3Location): ProviderError | undefined {
  const failure = (error ?? {}) as SdkFailure
  const code = failure.Code ?? failure.name ?? failure.code ?? ''
  const status = statusOf(error)
  const store = describeStore(location)
  const bucket = `'${location.bucket}'`
  if (failure.name === 'CredentialsProviderError') {
    return new ProviderError(
      'NOT_CONFIGURED',
      'No S3 credentials were found: set OR3_S3_ACCESS_KEY_ID and OR3_S3_SECRET_ACCESS_KEY (or the usual AWS credentials).',
      { cause: error },
    )
  }
  if (status === 403 || CREDENTIAL_CODES.has(code)) {
    return new ProviderError(
      'NOT_CONFIGURED',
      `${store} refused the S3 credentials for bucket ${bucket}: check OR3_S3_ACCESS_KEY_ID and OR3_S3_SECRET_ACCESS_KEY (or the AWS credentials) and that they may use this bucket.`,
      { cause: error },
    )
  }
  // Missing objects are handled where they are read; a 404 that reaches here is the bucket's.
  if (code === 'NoSuchBucket' || code === 'NotFound' || status === 404) {
    return new ProviderError('NOT_CONFIGURED', `Bucket ${bucket} does not exist on ${store}: create it, or correct OR3_S3_BUCKET.`, {
      cause: error,
    })
  }
  if (status === 301 || code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') {
    return new ProviderError(
      'NOT_CONFIGURED',
      `Bucket ${bucket} is not in region '${location.region}' on ${store}: set OR3_S3_REGION to the bucket's region.`,
      { cause: error },
    )
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(failure.code ?? '') || failure.name === 'TimeoutError' || (error instanceof TypeError && /fetch|connect/i.test(error.message))) {
    return new ProviderError('UNAVAILABLE', `Cannot reach ${store}: check OR3_S3_ENDPOINT and that the store is running.`, {
      cause: error,
    })
  }
  return undefined
}

/** The storage contract's mapError: set-up failures as sentences, a store in trouble as UNAVAILABLE. */
export function createS3ErrorMapper(location: S3Location): (error: unknown) => ProviderError | undefined {
  return (error) => {
    const setup = describeSetupFailure(error, location)
    if (setup) return setup
    const status = statusOf(error)
    if (status === 503 || status === 500 || (error as SdkFailure | null)?.name === 'SlowDown') {
      return new ProviderError('UNAVAILABLE', `${describeStore(location)} is not answering properly; the transfer will be retried`, {
        cause: error,
      })
    }
    return undefined
  }
}

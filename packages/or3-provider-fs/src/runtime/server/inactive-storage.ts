import { ProviderError } from 'or3-provider-kit'

/** What the fs routes answer while fs is not the active storage provider. */
export function inactiveStorageError(): ProviderError {
  return new ProviderError(
    'NOT_FOUND',
    "Local-disk storage (or3-provider-fs) is not the active storage provider on this server; set storage.provider to 'fs' to use it",
  )
}

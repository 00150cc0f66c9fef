/** `OR3_STORAGE_MAX_FILE_MB` when unset: the largest attachment, in MB (the client assumes it until the server says). */
export const DEFAULT_MAX_FILE_MB = 20

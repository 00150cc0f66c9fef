import type { SyncGatewayAdapter } from 'or3-provider-kit'

/**
 * Hashes that live `file_meta` rows of the workspace reference, read from a pinned snapshot so a
 * GC pass sees one consistent state. Blobs in this set are never collected.
 */
export async function collectReferencedHashes(
  sync: SyncGatewayAdapter,
  userId: string,
  workspaceId: string,
): Promise<Set<string>> {
  const referenced = new Set<string>()
  let atVersion: number | undefined
  let pageToken: string | undefined
  do {
    const page = await sync.snapshot(
      { userId },
      { scope: { workspaceId }, tables: ['file_meta'], limit: 1000, atVersion, pageToken },
    )
    for (const row of page.rows) if (!row.deleted) referenced.add(row.pk)
    atVersion = page.version
    pageToken = page.nextPageToken ?? undefined
  } while (pageToken)
  return referenced
}

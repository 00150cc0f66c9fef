import { PAGE_BUDGET } from './protocol'

/**
 * Counts what a paged read or sweep has touched, so it stops with a partial answer ("hasMore")
 * before Convex's per-transaction limits would fail the whole call.
 */
export function createPageBudget(limits: { bytes: number; documents: number } = PAGE_BUDGET) {
  let bytes = 0
  let documents = 0
  return {
    /** Records one document read; false once the budget is spent. */
    spend(sizeBytes: number): boolean {
      bytes += sizeBytes
      documents += 1
      return bytes < limits.bytes && documents < limits.documents
    },
  }
}

/** A rough size of a stored document: its text fields plus a fixed overhead. */
export function approximateSize(...texts: (string | null | undefined)[]): number {
  return texts.reduce((sum, text) => sum + (text?.length ?? 0), 256)
}

// `or3-provider-kit/sync`: browser-safe sync helpers shared by clients and adapters (ordering,
// limits, HLC text). Fingerprints need node:crypto and live in the server entry.
export { canonicalJson, compareStamps } from './compare.ts'
export { checkOpLimits, payloadBytes } from './op-limits.ts'
export { formatHlc, parseHlc, HLC_MAX_COUNTER, type ParsedHlc } from './hlc-format.ts'
export { SYNC_LIMITS, SYNCED_TABLES } from '../schemas/sync.ts'

import { MAX_CHAT_MESSAGES, MAX_CONTENT_PARTS, type ClientLimits, type Or3CloudConfig, type ServerSurfaces } from 'or3-provider-kit'
import { MAX_JSON_BODY_BYTES } from '../pipeline/read-input'
import type { ActiveProviders } from '../providers/active-providers'

/**
 * What this server runs, from the providers resolved at boot (a surface whose provider is missing
 * in lenient mode is off here too). Each backend says how browsers reach it (`clientMode`).
 */
export function describeServerSurfaces(config: Or3CloudConfig, providers: ActiveProviders): ServerSurfaces {
  return {
    auth: { provider: providers.resolvedIds.auth },
    sync: providers.sync
      ? { enabled: true, provider: config.sync.provider, mode: providers.sync.clientMode ?? 'gateway' }
      : { enabled: false, provider: null, mode: null },
    storage: providers.storage
      ? { enabled: true, provider: config.storage.provider, mode: providers.storage.clientMode ?? 'gateway' }
      : { enabled: false, provider: null, mode: null },
    backgroundGeneration: { enabled: config.backgroundStreaming.enabled },
    notifications: { enabled: providers.notifications !== null },
  }
}

/** The limits a client must respect before it sends; the same values the server enforces. */
export function describeClientLimits(config: Or3CloudConfig): ClientLimits {
  return {
    maxRequestBytes: MAX_JSON_BODY_BYTES,
    maxChatMessages: MAX_CHAT_MESSAGES,
    maxContentParts: MAX_CONTENT_PARTS,
    maxAttachmentBytes: config.storage.maxFileBytes,
    allowedAttachmentTypes: config.storage.allowedMimeTypes,
    defaultContextTokens: config.llm.defaultContextTokens,
  }
}

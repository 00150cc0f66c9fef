import { randomBytes } from 'node:crypto'
import type { ProviderSelection } from '../../shared/config/presets'

/**
 * The settings the wizard knows: which provider owns each, whether it is a secret (never shown),
 * whether the selection needs it, and how to check or generate it. Provider packages describe
 * their variables in their READMEs; this table is what the wizard asks for before any of them is
 * installed. Keys of a provider that is no longer selected are removed from the env file.
 */
export interface SettingSpec {
  key: string
  /** Who owns it: a provider id, `cloud` (any signed-in preset) or `core` (every preset). */
  owner: string
  label: string
  /** Where to find the value, shown when asking. */
  hint?: string
  secret: boolean
  required: (selection: ProviderSelection) => boolean
  /** Asked interactively when missing (others only come from --set or the environment). */
  prompt: boolean
  /** A value the wizard can make itself (a random secret). */
  generate?: () => string
  /** A sentence saying what is wrong, or undefined. */
  validate?: (value: string) => string | undefined
}

const never = () => false
const always = () => true

export const SETTINGS: SettingSpec[] = [
  {
    key: 'OR3_ALLOWED_ORIGINS',
    owner: 'cloud',
    label: 'The public origin of this deployment, e.g. https://chat.example.com',
    hint: 'where people open OR3; several are comma-separated; Clerk only accepts session tokens made for them',
    secret: false,
    required: (selection) => selection.auth === 'clerk',
    prompt: true,
    validate: (value) => validateList(value, 'OR3_ALLOWED_ORIGINS', validateOrigin),
  },
  {
    key: 'OR3_LLM_API_KEY',
    owner: 'core',
    label: 'An LLM key for the whole instance, or nothing to let users bring their own',
    hint: 'an OpenRouter key, or a key for the server OR3_LLM_BASE_URL names',
    secret: true,
    required: never,
    prompt: true,
  },
  {
    key: 'OR3_BASIC_AUTH_SECRET',
    owner: 'basic-auth',
    label: 'The key that signs sessions',
    secret: true,
    required: always,
    prompt: false,
    generate: () => randomBytes(32).toString('base64url'),
  },
  {
    key: 'NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
    owner: 'clerk',
    label: 'The Clerk publishable key, pk_live_… or pk_test_…',
    hint: 'Clerk dashboard → API keys',
    secret: false,
    required: always,
    prompt: true,
    validate: validatePublishableKey,
  },
  {
    key: 'NUXT_CLERK_SECRET_KEY',
    owner: 'clerk',
    label: 'The Clerk secret key, sk_live_… or sk_test_…',
    hint: 'Clerk dashboard → API keys',
    secret: true,
    required: always,
    prompt: true,
    validate: (value) => (/^sk_(?:live|test)_\S+$/.test(value) ? undefined : 'NUXT_CLERK_SECRET_KEY must be a Clerk secret key: it starts with sk_live_ or sk_test_.'),
  },
  {
    key: 'NUXT_CLERK_JWT_KEY',
    owner: 'clerk',
    label: "Clerk's PEM public key, for session checks with no network call",
    secret: false,
    required: never,
    prompt: false,
    validate: (value) => (/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/.test(value) ? undefined : 'NUXT_CLERK_JWT_KEY must be a PEM public key (-----BEGIN PUBLIC KEY----- …).'),
  },
  ...['NUXT_CLERK_API_URL', 'NUXT_PUBLIC_CLERK_PROXY_URL', 'NUXT_PUBLIC_CLERK_JS_URL', 'NUXT_PUBLIC_CLERK_UI_URL'].map(
    (key): SettingSpec => ({
      key,
      owner: 'clerk',
      label: key,
      secret: false,
      required: never,
      prompt: false,
      validate: (value) => validateUrl(value, key),
    }),
  ),
  {
    key: 'OR3_CLERK_ALLOW_TEST_KEYS',
    owner: 'clerk',
    label: 'Let a production server run on Clerk test keys',
    secret: false,
    required: never,
    prompt: false,
    validate: (value) => (/^(?:true|false)$/.test(value) ? undefined : 'OR3_CLERK_ALLOW_TEST_KEYS must be true or false.'),
  },
  {
    key: 'OR3_CONVEX_URL',
    owner: 'convex',
    label: 'The Convex deployment URL, https://<name>.convex.cloud',
    hint: 'Convex dashboard → Settings → URL and deploy key',
    secret: false,
    required: always,
    prompt: true,
    validate: (value) => validateUrl(value, 'OR3_CONVEX_URL', 'https://happy-otter-123.convex.cloud'),
  },
]

/** Which provider ids own settings in a selection (`core` always, `cloud` when signed in). */
export function ownersFor(selection: ProviderSelection): Set<string> {
  const owners = new Set(['core'])
  if (selection.auth !== null) owners.add('cloud')
  for (const id of [selection.auth, selection.sync, selection.storage]) if (id) owners.add(id)
  return owners
}

export function settingsFor(selection: ProviderSelection): SettingSpec[] {
  const owners = ownersFor(selection)
  return SETTINGS.filter((spec) => owners.has(spec.owner))
}

/** The settings a person must bring for a selection (generated ones are not listed). */
export function requiredInput(selection: ProviderSelection): string[] {
  return settingsFor(selection)
    .filter((spec) => spec.required(selection) && !spec.generate)
    .map((spec) => spec.key)
}

export function findSetting(key: string): SettingSpec | undefined {
  return SETTINGS.find((spec) => spec.key === key)
}

/** The env file holds values in double quotes; these characters would be read differently by Bun and by other loaders. */
export function validateStorable(key: string, value: string): string | undefined {
  if (/[$"\\]/.test(value)) return `${key} holds a character the env file cannot store safely ($, " or \\): check the value.`
  return undefined
}

function validateUrl(value: string, key: string, example = 'https://example.com'): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `${key} must be an http(s) URL such as ${example} (got '${value}').`
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : `${key} must be an http(s) URL such as ${example} (got '${value}').`
}

function validateOrigin(value: string, key: string): string | undefined {
  const invalid = validateUrl(value, key, 'https://chat.example.com')
  if (invalid) return invalid
  const url = new URL(value)
  return url.origin === value.replace(/\/$/, '') ? undefined : `${key} takes origins (scheme, host and port, no path) such as https://chat.example.com (got '${value}').`
}

function validateList(value: string, key: string, each: (item: string, key: string) => string | undefined): string | undefined {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean)
  if (items.length === 0) return `${key} needs at least one value.`
  for (const item of items) {
    const invalid = each(item, key)
    if (invalid) return invalid
  }
  return undefined
}

/** `pk_live_`/`pk_test_` + base64 of `"<frontend-api-host>$"`. */
function validatePublishableKey(value: string): string | undefined {
  const host = frontendApiOf(value)
  return host ? undefined : 'NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY must be a Clerk publishable key: pk_live_ or pk_test_ followed by its encoded Frontend API host.'
}

/** The Frontend API host a publishable key names, or null when it is not one. */
export function frontendApiOf(publishableKey: string): string | null {
  const match = /^pk_(?:live|test)_([A-Za-z0-9+/=]+)$/.exec(publishableKey)
  if (!match) return null
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  return /^[a-z0-9.-]+(?::\d+)?\$$/i.test(decoded) ? decoded.slice(0, -1) : null
}

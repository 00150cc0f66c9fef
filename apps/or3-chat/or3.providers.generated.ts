// Written by the or3-cloud setup: the provider Nuxt modules this deployment includes.
// Package module ids only (never source paths); edit by hand only if you know what you select.
export const or3ProviderModules: string[] = [
  'or3-provider-basic-auth/nuxt',
  'or3-provider-sqlite/nuxt',
  'or3-provider-fs/nuxt',
]

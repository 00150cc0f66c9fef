// The virtual modules @vite-pwa/nuxt's generated plugins import (icons, head links, the worker's
// registration). The module asks for these references in a way Nuxt 4's split tsconfigs drop.
/// <reference types="vite-plugin-pwa/pwa-assets" />
/// <reference types="vite-plugin-pwa/info" />
/// <reference types="vite-plugin-pwa/vue" />

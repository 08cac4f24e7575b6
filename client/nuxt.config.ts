// nuxt.config.ts - static SPA (nuxt generate -> .output/public, served by nginx); builds and runs
// with no network: no web fonts, every icon bundled into the client, no telemetry.

// @nuxt/ui 4.5.1 default icons (its appConfig.ui.icons); bundled so no component ever needs
// to fetch one at run time.
const uiIcons = [
  'arrow-down', 'arrow-left', 'arrow-right', 'arrow-up', 'arrow-up-right', 'check',
  'chevron-down', 'chevron-left', 'chevron-right', 'chevron-up', 'chevrons-left',
  'chevrons-right', 'circle-alert', 'circle-check', 'circle-x', 'copy', 'copy-check',
  'ellipsis', 'eye', 'eye-off', 'file', 'folder', 'folder-open', 'grip-vertical', 'hash',
  'info', 'lightbulb', 'loader-circle', 'menu', 'minus', 'monitor', 'moon',
  'panel-left-close', 'panel-left-open', 'plus', 'rotate-ccw', 'search', 'square', 'sun',
  'terminal', 'triangle-alert', 'upload', 'x'
]

// Icons our own pages and layouts use; keep in sync when adding an i-lucide-* name.
const appIcons = [
  'calendar-clock', 'handshake', 'history', 'house', 'inbox', 'lock', 'log-out', 'mail', 'plug',
  'plug-zap', 'refresh-cw', 'rotate-cw', 'settings', 'unplug', 'users', 'waypoints'
]

export default defineNuxtConfig({
  modules: ['@nuxt/eslint', '@nuxt/ui'],
  ssr: false,
  devtools: { enabled: false },

  app: {
    head: {
      title: 'Partner Connector',
      htmlAttrs: { lang: 'en' },
      link: [{ rel: 'icon', type: 'image/x-icon', href: '/favicon.ico' }]
    }
  },

  css: ['~/assets/css/main.css'],

  // @nuxt/fonts would download web fonts at build time; the system font stack is used instead.
  ui: { fonts: false },

  // Links prefetch their page's chunks on hover or focus, not as soon as they are visible: the
  // sidebar shows every page, and loading all of them would triple the first page's JavaScript.
  experimental: {
    defaults: {
      nuxtLink: { prefetchOn: { visibility: false, interaction: true } }
    }
  },

  compatibilityDate: '2025-07-15',

  telemetry: false,

  eslint: {
    config: {
      stylistic: { commaDangle: 'never', braceStyle: '1tbs' }
    }
  },

  icon: {
    // With ssr:false the default provider is 'iconify', a run-time fetch to the Iconify API.
    provider: 'none',
    fallbackToApi: false,
    serverBundle: false,
    clientBundle: {
      scan: true,
      icons: [...new Set([...uiIcons, ...appIcons])].map(name => `lucide:${name}`)
    }
  }
})

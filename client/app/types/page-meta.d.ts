// page-meta.d.ts - our definePageMeta keys
import type { Access } from '~/utils/auth'

declare module '#app' {
  interface PageMeta {
    /** navbar and document title */
    title?: string
    /** reachable without a session (sign-in, password and invitation pages) */
    public?: boolean
    /** who may open the page (default: any signed-in user) */
    access?: Access
  }
}

export {}

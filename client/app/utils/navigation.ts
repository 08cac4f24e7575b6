// navigation.ts - pure helpers for in-app paths

/**
 * Returns `next` if it is a same-origin path (one leading slash), else `fallback`, so a crafted
 * /login?next=//evil.example link cannot send a signed-in user off site.
 */
export function safeRedirect(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\'))
    return fallback
  return next
}

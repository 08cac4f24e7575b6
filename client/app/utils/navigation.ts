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

/**
 * The leads table showing the overdue leads (scheduled before now, still open: the server's rule):
 * the dashboard's overdue figure and the reminder e-mail's magic link both land there.
 */
export function overdueLeadsPath(): string {
  return '/leads?overdue=1'
}

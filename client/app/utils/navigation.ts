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
 * The leads table showing the overdue leads (scheduled before today, still open): the dashboard's
 * overdue figure and the reminder e-mail's magic link both land there.
 */
export function overdueLeadsPath(now = new Date()): string {
  const yesterday = new Date(now.getTime() - 86400_000)
  const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`
  return `/leads?status=new,scheduled,in_touch&to=${day}`
}

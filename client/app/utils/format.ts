// format.ts - pure formatters for dates, relative times, money and names (locale en)
const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit'
})
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

function parse(iso: string | null | undefined): Date | null {
  if (!iso)
    return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : d
}

/** "24 Nov 2026, 07:32" in the browser's time zone; "—" for nothing */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso)
  return d ? dateTime.format(d) : '—'
}

export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso)
  return d ? dateOnly.format(d) : '—'
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400],
  ['hour', 3600], ['minute', 60]
]

/** "3 days ago", "in 2 hours", "just now" */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  const d = parse(iso)
  if (!d)
    return '—'
  const seconds = Math.round((d.getTime() - now) / 1000)
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size)
      return relative.format(Math.trunc(seconds / size), unit)
  }
  return 'just now'
}

const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** integer cents → "1,234.50"; "—" for nothing */
export function formatMoney(cents: number | null | undefined): string {
  return typeof cents === 'number' ? money.format(cents / 100) : '—'
}

/** "12.5 %" from basis points */
export function formatPercent(basisPoints: number): string {
  return `${(basisPoints / 100).toLocaleString('en', { maximumFractionDigits: 2 })} %`
}

export function fullName(p: { firstName?: string | null, lastName?: string | null }): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ')
}

/** local YYYY-MM-DD (for <input type="date">) → ISO start or end of that local day */
export function dayStartIso(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString()
}

export function dayEndIso(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString()
}

// format.ts - pure formatters for dates, relative times, money and names (locale en)
const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit'
})
const dateTimeZone = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  timeZoneName: 'short'
})
const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })
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

/** "Tue, 24 Nov 2026, 07:32 CET": a meeting's time in the viewer's time zone, which it names */
export function formatMeetingTime(iso: string | null | undefined, endIso?: string | null): string {
  const d = parse(iso)
  if (!d)
    return '—'
  const end = parse(endIso)
  return end ? `${dateTimeZone.format(d)} – ${timeOnly.format(end)}` : dateTimeZone.format(d)
}

/** the viewer's time zone ("Europe/Berlin"), as the browser reports it */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'your local time'
}

/** the viewer's time zone as a short name ("CET", "UTC", "GMT+2") for column headers */
export function viewerZoneShort(): string {
  return new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' }).formatToParts(new Date())
    .find(p => p.type === 'timeZoneName')?.value ?? ''
}

/** ISO → "YYYY-MM-DDTHH:MM" in the viewer's time zone, for <input type="datetime-local"> */
export function toLocalInput(iso: string | null | undefined): string {
  const d = parse(iso)
  if (!d)
    return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** "YYYY-MM-DDTHH:MM" in the viewer's time zone → ISO (UTC); '' when it is not a time */
export function fromLocalInput(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value))
    return ''
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString()
}

/** 0.667 → "67 %"; "—" for nothing */
export function formatRate(rate: number | null | undefined): string {
  return typeof rate === 'number' ? `${Math.round(rate * 100)} %` : '—'
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

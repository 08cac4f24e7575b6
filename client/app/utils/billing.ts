// billing.ts - the words and colours of the finance pages (issue 16): invoice statuses, ledger
// kinds, return reasons and statuses, and money in a partner's own currency.
import type { InvoiceStatus, LedgerKind, ReturnReason, ReturnStatus } from '~/types'

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  paid: 'Paid',
  failed: 'Payment failed',
  void: 'Void',
  uncollectible: 'Uncollectible'
}

const INVOICE_STATUS_COLORS: Record<InvoiceStatus, BadgeColor> = {
  draft: 'neutral',
  open: 'info',
  paid: 'success',
  failed: 'error',
  void: 'neutral',
  uncollectible: 'warning'
}

export function invoiceBadge(s: InvoiceStatus): StatusBadge {
  return { 'color': INVOICE_STATUS_COLORS[s] ?? 'neutral', 'variant': 'subtle', 'label': INVOICE_STATUS_LABELS[s] ?? s, 'data-status': s }
}

/** the statuses the owner may void or mark paid from (the API's rule) */
export const INVOICE_ACTIONABLE: readonly InvoiceStatus[] = ['open', 'failed', 'uncollectible']

export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  qualified_lead: 'Qualified lead',
  closed_won_lead: 'Closed-won lead',
  percentage_of_deal: 'Share of the deal',
  meeting_held: 'Meeting held',
  manual_charge: 'One-off charge',
  credit: 'Credit',
  return_credit: 'Returned lead',
  credit_note: 'Returned lead (credit note)',
  carried_credit: 'Credit carried over'
}

export const RETURN_REASON_LABELS: Record<ReturnReason, string> = {
  outside_icp: 'Outside our ICP',
  already_in_crm: 'Already in our CRM',
  not_decision_maker: 'Not a decision maker',
  no_show: 'No-show',
  wrong_contact_data: 'Wrong contact data',
  duplicate: 'Duplicate'
}

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  requested: 'Asked',
  approved: 'Approved',
  rejected: 'Rejected'
}

const RETURN_STATUS_COLORS: Record<ReturnStatus, BadgeColor> = {
  requested: 'warning',
  approved: 'success',
  rejected: 'neutral'
}

export function returnBadge(s: ReturnStatus): StatusBadge {
  return { 'color': RETURN_STATUS_COLORS[s] ?? 'neutral', 'variant': 'subtle', 'label': RETURN_STATUS_LABELS[s] ?? s, 'data-status': s }
}

const currencies = new Map<string, Intl.NumberFormat>()

/** integer cents of an ISO currency ("usd") → "$1,234.50"; "—" for nothing */
export function formatAmount(cents: number | null | undefined, currency: string | null | undefined): string {
  if (typeof cents !== 'number')
    return '—'
  const code = (currency || 'usd').toUpperCase()
  let f = currencies.get(code)
  if (!f) {
    try {
      f = new Intl.NumberFormat('en', { style: 'currency', currency: code })
    } catch {
      return `${formatMoney(cents)} ${code}`
    }
    currencies.set(code, f)
  }
  return f.format(cents / 100)
}

/** "2026-11" → "November 2026" */
export function formatPeriod(period: string | null | undefined): string {
  if (!period || !/^\d{4}-\d{2}$/.test(period))
    return period || '—'
  const [y, m] = period.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
}

/** "12.50" or "12" → 1250 cents; null when it is not a positive amount with at most two decimals */
export function parseCents(text: string): number | null {
  const t = text.trim()
  if (!/^\d+(\.\d{1,2})?$/.test(t))
    return null
  const cents = Math.round(Number(t) * 100)
  return cents >= 1 ? cents : null
}

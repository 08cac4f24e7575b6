// useLeadFilters.ts - the leads table's view in the URL: ?status=new,scheduled&partner=<id>
// &manager=Ann&from=2026-01-01&to=2026-01-31&overdue=1 plus search, sort and paging (useTableQuery)
import type { ListFilter } from '~/types'

export const LEAD_SORT_COLUMNS = [
  'createdAt', 'updatedAt', 'scheduledDate', 'dealStatus', 'email', 'company', 'salesManager'
] as const

const FILTERS = ['status', 'partner', 'manager', 'from', 'to', 'overdue'] as const

export function useLeadFilters() {
  const t = useTableQuery(LEAD_SORT_COLUMNS, { column: 'createdAt', direction: 'desc' }, () => filter.value)
  const statuses = t.values('status', LEAD_STATUSES)
  const partner = t.text('partner')
  const manager = t.text('manager')
  const from = t.day('from')
  const to = t.day('to')
  // the server's overdue rule (dashboard, reminders): scheduled before now and still open; "now"
  // is when the page opened, so the list does not shift under the reader
  const overdue = computed(() => t.text('overdue').value === '1')
  const openedAt = new Date().toISOString()
  const open = LEAD_STATUSES.filter(s => s !== 'won' && !s.startsWith('lost'))

  const filter = computed<ListFilter[]>(() => [
    ...inFilter('dealStatus', statuses.value.length === 0 && overdue.value ? open : statuses.value),
    ...(overdue.value ? [{ column: 'scheduledDate', operator: 'lt' as const, value: openedAt }] : []),
    ...eqFilter('partner', partner.value),
    ...eqFilter('salesManager', manager.value),
    ...dayRange('scheduledDate', from.value, to.value)
  ])

  return {
    ...t, statuses, partner, manager, from, to, overdue,
    active: computed(() => filter.value.length > 0 || t.search.value !== ''),
    reset: () => t.clear(FILTERS)
  }
}

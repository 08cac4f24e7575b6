// useLeadFilters.ts - the leads table's view in the URL: ?status=new,scheduled&partner=<id>
// &manager=Ann&from=2026-01-01&to=2026-01-31 plus search, sort and paging (useTableQuery)
import type { ListFilter } from '~/types'

export const LEAD_SORT_COLUMNS = [
  'createdAt', 'updatedAt', 'scheduledDate', 'dealStatus', 'email', 'company', 'salesManager'
] as const

const FILTERS = ['status', 'partner', 'manager', 'from', 'to'] as const

export function useLeadFilters() {
  const t = useTableQuery(LEAD_SORT_COLUMNS, { column: 'createdAt', direction: 'desc' }, () => filter.value)
  const statuses = t.values('status', LEAD_STATUSES)
  const partner = t.text('partner')
  const manager = t.text('manager')
  const from = t.day('from')
  const to = t.day('to')

  const filter = computed<ListFilter[]>(() => [
    ...inFilter('dealStatus', statuses.value),
    ...eqFilter('partner', partner.value),
    ...eqFilter('salesManager', manager.value),
    ...dayRange('scheduledDate', from.value, to.value)
  ])

  return {
    ...t, statuses, partner, manager, from, to,
    active: computed(() => filter.value.length > 0 || t.search.value !== ''),
    reset: () => t.clear(FILTERS)
  }
}

// useLeadFilters.ts - the leads table's view (filters, search, sort, page) read from and written
// to the URL: ?status=new,scheduled&partner=<id>&manager=Ann&from=2026-01-01&to=2026-01-31
// &q=acme&sort=company:asc&page=2&perPage=25 (page 1-based in the URL, 0-based for the API)
import type { LeadStatus, ListFilter, ListSort } from '~/types'

export const LEAD_SORT_COLUMNS = [
  'createdAt', 'updatedAt', 'scheduledDate', 'dealStatus', 'email', 'company', 'salesManager'
] as const

const DEFAULT_SORT: ListSort = { column: 'createdAt', direction: 'desc' }
const DAY = /^\d{4}-\d{2}-\d{2}$/

export function useLeadFilters() {
  const rq = useRouteQuery()

  const statuses = computed<LeadStatus[]>(() => queryList(rq.query.value.status).filter(isLeadStatus))
  const partner = computed(() => rq.get('partner'))
  const manager = computed(() => rq.get('manager'))
  const from = computed(() => (DAY.test(rq.get('from')) ? rq.get('from') : ''))
  const to = computed(() => (DAY.test(rq.get('to')) ? rq.get('to') : ''))
  const search = computed(() => rq.get('q'))
  const sort = computed<ListSort>(() => parseSort(rq.get('sort'), LEAD_SORT_COLUMNS) ?? DEFAULT_SORT)
  const perPage = computed(() => {
    const n = queryInt(rq.query.value.perPage, 50, 1, 200)
    return PER_PAGE_OPTIONS.includes(n) ? n : 50
  })
  const page = computed(() => queryInt(rq.query.value.page, 1, 1) - 1)

  const filter = computed<ListFilter[]>(() => {
    const f: ListFilter[] = []
    if (statuses.value.length)
      f.push({ column: 'dealStatus', operator: 'in', value: statuses.value })
    if (partner.value)
      f.push({ column: 'partner', operator: 'eq', value: partner.value })
    if (manager.value)
      f.push({ column: 'salesManager', operator: 'eq', value: manager.value })
    if (from.value)
      f.push({ column: 'scheduledDate', operator: 'gte', value: dayStartIso(from.value) })
    if (to.value)
      f.push({ column: 'scheduledDate', operator: 'lte', value: dayEndIso(to.value) })
    return f
  })

  const params = computed<ListParams>(() => ({
    page: page.value,
    perPage: perPage.value,
    sort: [sort.value],
    filter: filter.value,
    search: search.value
  }))

  const active = computed(() => filter.value.length > 0 || search.value !== '')

  // any change of the view except paging goes back to the first page
  const setFilter = (patch: Record<string, string | number | undefined>) => rq.set({ ...patch, page: undefined })

  return {
    statuses, partner, manager, from, to, search, sort, page, perPage, params, active,
    setStatuses: (v: string[]) => setFilter({ status: v.join(',') }),
    setPartner: (v: string | undefined) => setFilter({ partner: v }),
    setManager: (v: string | undefined) => setFilter({ manager: v }),
    setFrom: (v: string) => setFilter({ from: v }),
    setTo: (v: string) => setFilter({ to: v }),
    setSearch: (v: string) => rq.set({ q: v, page: undefined }, { replace: true }),
    setSort: (s: ListSort) => setFilter({
      sort: s.column === DEFAULT_SORT.column && s.direction === DEFAULT_SORT.direction ? undefined : sortParam(s)
    }),
    setPage: (p: number) => rq.set({ page: p > 0 ? p + 1 : undefined }),
    setPerPage: (n: number) => setFilter({ perPage: n === 50 ? undefined : n }),
    reset: () => rq.set({
      status: undefined, partner: undefined, manager: undefined, from: undefined, to: undefined,
      q: undefined, page: undefined
    })
  }
}

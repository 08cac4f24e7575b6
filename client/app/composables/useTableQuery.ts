// useTableQuery.ts - search, sort and paging of a server-side table, kept in the URL
// (?q=&sort=column:dir&page=N&perPage=M; page 1-based in the URL). Extra filters come from the
// caller and are merged into the API's list parameters.
import type { ListFilter, ListSort } from '~/types'

export function useTableQuery(sortColumns: readonly string[], defaultSort: ListSort,
  filters: () => ListFilter[] = () => []) {
  const rq = useRouteQuery()
  const search = computed(() => rq.get('q'))
  const sort = computed<ListSort>(() => parseSort(rq.get('sort'), sortColumns) ?? defaultSort)
  const perPage = computed(() => {
    const n = queryInt(rq.query.value.perPage, 50, 1, 200)
    return PER_PAGE_OPTIONS.includes(n) ? n : 50
  })
  const page = computed(() => queryInt(rq.query.value.page, 1, 1) - 1)
  const params = computed<ListParams>(() => ({
    page: page.value, perPage: perPage.value, sort: [sort.value], filter: filters(), search: search.value
  }))
  const set = (patch: Record<string, string | number | undefined>) => rq.set({ ...patch, page: undefined })
  return {
    rq, search, sort, page, perPage, params,
    setSearch: (v: string) => rq.set({ q: v, page: undefined }, { replace: true }),
    setSort: (s: ListSort) => set({
      sort: s.column === defaultSort.column && s.direction === defaultSort.direction ? undefined : sortParam(s)
    }),
    setPage: (p: number) => rq.set({ page: p > 0 ? p + 1 : undefined }),
    setPerPage: (n: number) => set({ perPage: n === 50 ? undefined : n }),
    /** set a filter value in the URL (back to page 1) */
    setFilter: set
  }
}

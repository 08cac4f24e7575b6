// useTableQuery.ts - the view of a server-side table kept in the URL: search, sort, paging
// (?q=&sort=column:dir&page=N&perPage=M; page 1-based in the URL, 0-based for the API) and the
// filters the caller reads from it; `filters` turns them into the API's list filters.
import type { ListFilter, ListSort } from '~/types'

const DAY = /^\d{4}-\d{2}-\d{2}$/

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
  // any change of the view except paging goes back to the first page
  const set = (patch: Record<string, string | number | undefined>) => rq.set({ ...patch, page: undefined })
  return {
    rq, search, sort, page, perPage, params,
    setSearch: (v: string) => rq.set({ q: v, page: undefined }, { replace: true }),
    setSort: (s: ListSort) => set({
      sort: s.column === defaultSort.column && s.direction === defaultSort.direction ? undefined : sortParam(s)
    }),
    setPage: (p: number) => rq.set({ page: p > 0 ? p + 1 : undefined }),
    setPerPage: (n: number) => set({ perPage: n === 50 ? undefined : n }),
    /** set filter values in the URL (back to page 1) */
    setFilter: set,
    /** a filter value of the URL ('' when absent) */
    text: (name: string) => computed(() => rq.get(name)),
    /** a comma-separated filter of the URL, only the allowed values */
    values: <V extends string>(name: string, allowed: readonly V[]) =>
      computed<V[]>(() => queryList(rq.query.value[name]).filter((v): v is V => (allowed as readonly string[]).includes(v))),
    /** a YYYY-MM-DD filter of the URL ('' when absent or malformed) */
    day: (name: string) => computed(() => (DAY.test(rq.get(name)) ? rq.get(name) : '')),
    /** drop these filters and the search (the sort stays) */
    clear: (names: readonly string[]) => set({ ...Object.fromEntries(names.map(n => [n, undefined])), q: undefined })
  }
}

export type TableView = ReturnType<typeof useTableQuery>

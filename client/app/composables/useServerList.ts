// useServerList.ts - a server-side list (GET collection with page, perPage, sort, filter, search)
// reloaded whenever its parameters change.
import type { ListResponse } from '~/types/api'

export function useServerList<T>(path: MaybeRefOrGetter<string>, params: MaybeRefOrGetter<ListParams>) {
  const api = useApi()
  const query = computed(() => listQuery(toValue(params)))
  const resource = useResource<ListResponse<T>>(
    signal => api.get<ListResponse<T>>(toValue(path), query.value, signal),
    { watch: [() => JSON.stringify(query.value), () => toValue(path)] }
  )
  return {
    rows: computed<T[]>(() => resource.data.value?.list ?? []),
    total: computed(() => resource.data.value?.meta.total ?? 0),
    loaded: computed(() => resource.data.value !== null),
    loading: resource.loading,
    error: resource.error,
    refresh: resource.refresh
  }
}

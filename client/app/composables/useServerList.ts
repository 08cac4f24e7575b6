// useServerList.ts - a server-side list (GET collection with page, perPage, sort, filter, search)
// reloaded whenever its parameters change.
import type { ListResponse } from '~/types'

export function useServerList<T>(path: MaybeRefOrGetter<string>, params: MaybeRefOrGetter<ListParams>) {
  const api = useApi()
  const query = computed(() => listQuery(toValue(params)))
  const key = computed(() => `${toValue(path)}?${JSON.stringify(query.value)}`)
  const loadedKey = ref('')
  const resource = useResource<ListResponse<T>>(
    async (signal) => {
      const wanted = key.value
      const res = await api.get<ListResponse<T>>(toValue(path), query.value, signal)
      loadedKey.value = wanted
      return res
    },
    { watch: [key] }
  )
  return {
    rows: computed<T[]>(() => resource.data.value?.list ?? []),
    total: computed(() => resource.data.value?.meta.total ?? 0),
    /** the server stopped counting at total: show "1,000+" */
    totalIsLowerBound: computed(() => resource.data.value?.meta.totalIsLowerBound === true),
    loaded: computed(() => resource.data.value !== null),
    loading: resource.loading,
    /** the rows shown are those of the current parameters (tests wait for this) */
    ready: computed(() => !resource.loading.value && loadedKey.value === key.value),
    error: resource.error,
    refresh: resource.refresh
  }
}

export type ServerList<T> = ReturnType<typeof useServerList<T>>

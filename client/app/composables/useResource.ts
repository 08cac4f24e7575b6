// useResource.ts - one GET (or any async read) with loading and error state, refetched when its
// key changes; a newer load wins over an older one still in flight.
import type { WatchSource } from 'vue'

export interface ResourceOptions {
  /** reload when these change */
  watch?: WatchSource[]
  /** load at once (default true) */
  immediate?: boolean
}

export function useResource<T>(fetcher: (signal: AbortSignal) => Promise<T>, opts: ResourceOptions = {}) {
  const data = shallowRef<T | null>(null)
  const error = shallowRef<ApiRequestError | null>(null)
  const loading = ref(false)
  let controller: AbortController | null = null

  async function refresh(): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      const value = await fetcher(mine.signal)
      if (controller === mine)
        data.value = value
    } catch (err) {
      if (controller !== mine)
        return
      if (!isApiError(err))
        throw err
      if (err.code !== 'aborted')
        error.value = err
    } finally {
      if (controller === mine)
        loading.value = false
    }
  }

  if (opts.watch?.length)
    watch(opts.watch, () => void refresh())
  if (opts.immediate !== false)
    void refresh()
  onScopeDispose(() => controller?.abort())

  return { data, error, loading, refresh }
}

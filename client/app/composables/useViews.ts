// useViews.ts - typed calls for the saved views of the leads list (every signed-in user)
import type { SavedView, SavedViewCreate } from '~/types'

/** the URL query keys of the leads list a view keeps (paging is not kept) */
export const VIEW_QUERY_KEYS = ['q', 'sort', 'perPage', 'status', 'partner', 'manager', 'from', 'to'] as const

export function useViews() {
  const api = useApi()
  return {
    list: (signal?: AbortSignal) => api.get<{ list: SavedView[] }>('/views', undefined, signal),
    create: (body: SavedViewCreate) => api.post<SavedView>('/views', body),
    remove: (id: string) => api.delete<unknown>(`/views/${encodeURIComponent(id)}`)
  }
}

// useConflicts.ts - typed calls for the assignment conflicts (staff): resolve one
import type { Conflict, ConflictAction } from '~/types'

export function useConflicts() {
  const api = useApi()
  return {
    resolve: (id: string, action: ConflictAction) =>
      api.post<Conflict>(`/conflicts/${encodeURIComponent(id)}/resolve`, { action })
  }
}

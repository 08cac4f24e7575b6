// useIntegrations.ts - typed calls of the Integrations page (staff): the providers' state, the
// HubSpot sync and its runs, the webhook inbox and its replay, the open conflicts' count
import type {
  Conflict, Integrations, ListResponse, SyncStarted, SyncTask, WebhookDeliveryDetail, WebhookReplayed
} from '~/types'

export function useIntegrations() {
  const api = useApi()
  return {
    state: (signal?: AbortSignal) => api.get<Integrations>('/integrations', undefined, signal),
    /** POST /leads/sync; full: every contact, not only those changed since the last run */
    sync: (full: boolean) => api.post<SyncStarted>('/leads/sync', full ? { full: true } : {}),
    task: (id: string, signal?: AbortSignal) =>
      api.get<SyncTask>(`/sync-tasks/${encodeURIComponent(id)}`, undefined, signal),
    delivery: (id: string, signal?: AbortSignal) =>
      api.get<WebhookDeliveryDetail>(`/webhook-inbox/${encodeURIComponent(id)}`, undefined, signal),
    replay: (id: string) => api.post<WebhookReplayed>(`/webhook-inbox/${encodeURIComponent(id)}/replay`),
    /** how many conflicts are open (one row asked for: the count is in meta) */
    openConflicts: async (signal?: AbortSignal) => {
      const res = await api.get<ListResponse<Conflict>>('/conflicts',
        listQuery({ page: 0, perPage: 1, filter: eqFilter('status', 'open') }), signal)
      return res.meta.total
    }
  }
}

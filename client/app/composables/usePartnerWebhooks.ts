// usePartnerWebhooks.ts - typed calls of a partner's webhook endpoints (its admins and staff):
// the endpoints, their show-once secrets, the test event, the delivery log's replays
import type {
  ListResponse, PartnerWebhook, PartnerWebhookInput, PartnerWebhookQueued, PartnerWebhookWithSecret
} from '~/types'

export function usePartnerWebhooks(partnerId: MaybeRefOrGetter<string>) {
  const api = useApi()
  const base = () => `/partners/${encodeURIComponent(toValue(partnerId))}/webhooks`
  const one = (id: string) => `${base()}/${encodeURIComponent(id)}`
  return {
    /** the endpoints (a partner has at most 10) */
    list: (signal?: AbortSignal) =>
      api.get<ListResponse<PartnerWebhook>>(base(), listQuery({ page: 0, perPage: 50 }), signal),
    create: (body: PartnerWebhookInput) => api.post<PartnerWebhookWithSecret>(base(), body),
    update: (id: string, body: Partial<PartnerWebhookInput>) => api.patch<PartnerWebhook>(one(id), body),
    remove: (id: string) => api.delete<unknown>(one(id)),
    rotate: (id: string) => api.post<PartnerWebhookWithSecret>(`${one(id)}/rotate-secret`),
    test: (id: string) => api.post<PartnerWebhookQueued>(`${one(id)}/test`),
    /** the path of an endpoint's delivery log, for useServerList */
    deliveriesPath: (id: string) => `${one(id)}/deliveries`,
    replay: (id: string, delivery: string) =>
      api.post<PartnerWebhookQueued>(`${one(id)}/deliveries/${encodeURIComponent(delivery)}/replay`),
    replaySince: (id: string, since: string) => api.post<PartnerWebhookQueued>(`${one(id)}/replay`, { since })
  }
}

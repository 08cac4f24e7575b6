// useApiTokens.ts - typed calls for a partner's API tokens (the partner's admins and staff)
import type { ApiToken, ApiTokenCreate, ApiTokenCreated } from '~/types'

export function useApiTokens() {
  const api = useApi()
  const base = (partner: string) => `/partners/${encodeURIComponent(partner)}/api-tokens`
  return {
    list: (partner: string, signal?: AbortSignal) =>
      api.get<{ list: ApiToken[] }>(base(partner), undefined, signal),
    create: (partner: string, body: ApiTokenCreate) => api.post<ApiTokenCreated>(base(partner), body),
    revoke: (partner: string, id: string) =>
      api.delete<unknown>(`${base(partner)}/${encodeURIComponent(id)}`)
  }
}

export type ApiTokenState = 'active' | 'expired' | 'revoked'

/** what a token is now: revoked, past its expiry, or usable */
export function apiTokenState(t: ApiToken, now: number = Date.now()): ApiTokenState {
  if (t.revokedAt)
    return 'revoked'
  if (t.expiresAt && Date.parse(t.expiresAt) <= now)
    return 'expired'
  return 'active'
}

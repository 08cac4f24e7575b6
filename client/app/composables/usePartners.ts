// usePartners.ts - typed calls for partners, their stats and billing; a shared list of partner
// names for selects and tables (staff see all, others their own)
import type {
  Billing, ListResponse, Partner, PartnerCreate, PartnerStats, PartnerUpdate
} from '~/types'

export function usePartners() {
  const api = useApi()
  const base = (id: string) => `/partners/${encodeURIComponent(id)}`
  return {
    get: (idOrSlug: string, signal?: AbortSignal) => api.get<Partner>(base(idOrSlug), undefined, signal),
    create: (body: PartnerCreate) => api.post<Partner>('/partners', body),
    update: (id: string, body: PartnerUpdate) => api.patch<Partner>(base(id), body),
    archive: (id: string) => api.delete<unknown>(base(id)),
    stats: (id: string, signal?: AbortSignal) => api.get<PartnerStats>(`${base(id)}/stats`, undefined, signal),
    billing: (id: string, signal?: AbortSignal) => api.get<Billing>(`${base(id)}/billing`, undefined, signal),
    saveBilling: (id: string, body: Billing) => api.put<Billing>(`${base(id)}/billing`, body)
  }
}

export interface PartnerOption {
  label: string
  value: string
}

/**
 * Partner names for filters and selects, loaded once per session (admins: GET /partners; users
 * know only their own partner, by GET /partners/:id).
 */
// one request at a time for every component that asks
let inflight: Promise<void> | null = null

export function usePartnerOptions() {
  const api = useApi()
  const { user } = useAuth()
  const options = useState<PartnerOption[] | null>('partner-options', () => null)
  const loading = ref(false)

  function load(force = false): Promise<void> {
    if ((options.value && !force) || !user.value)
      return Promise.resolve()
    if (!force && inflight)
      return inflight
    inflight = fetchOptions().finally(() => {
      inflight = null
    })
    return inflight
  }

  async function fetchOptions(): Promise<void> {
    if (!user.value)
      return
    loading.value = true
    try {
      if (isAdmin(user.value)) {
        const res = await api.get<ListResponse<Partner>>('/partners', listQuery({
          page: 0, perPage: 200, sort: [{ column: 'name', direction: 'asc' }]
        }))
        options.value = res.list.map(p => ({ label: p.name, value: p.id }))
      } else if (user.value.partner) {
        const p = await api.get<Partner>(`/partners/${user.value.partner}`)
        options.value = [{ label: p.name, value: p.id }]
      } else {
        options.value = []
      }
    } catch {
      options.value ??= null
    } finally {
      loading.value = false
    }
  }

  void load()
  return {
    options: computed(() => options.value ?? []),
    loading,
    reload: () => load(true),
    nameOf: (id: string | null | undefined) =>
      (id && options.value?.find(o => o.value === id)?.label) || ''
  }
}

// useMeetings.ts - typed calls for meetings: log one by hand for a lead, reschedule or change
// it, cancel it, set its outcome; the distinct meeting types for filters
import type {
  Meeting, MeetingCreate, MeetingOutcome, MeetingUpdate, MeetingWithOffer, PlainList
} from '~/types'

export function useMeetings() {
  const api = useApi()
  const base = (id: string) => `/meetings/${encodeURIComponent(id)}`
  return {
    get: (id: string, signal?: AbortSignal) => api.get<Meeting>(base(id), undefined, signal),
    log: (leadId: string, body: MeetingCreate) =>
      api.post<Meeting>(`/leads/${encodeURIComponent(leadId)}/meetings`, body),
    change: (id: string, body: MeetingUpdate) => api.patch<Meeting>(base(id), body),
    cancel: (id: string) => api.post<Meeting>(`${base(id)}/cancel`),
    setOutcome: (id: string, outcome: MeetingOutcome) =>
      api.patch<MeetingWithOffer>(`${base(id)}/outcome`, { outcome }),
    types: (signal?: AbortSignal) => api.get<PlainList<string>>('/meetings/types', undefined, signal)
  }
}

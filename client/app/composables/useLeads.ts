// useLeads.ts - typed calls for leads, their notes, history and status
import type {
  HistoryEntry, Lead, LeadBulkBody, LeadBulkReply, LeadCreate, LeadDetail, LeadUpdate, Note, PlainList,
  StatusChange
} from '~/types'

export function useLeads() {
  const api = useApi()
  const base = (id: string) => `/leads/${encodeURIComponent(id)}`
  return {
    get: (id: string, signal?: AbortSignal) => api.get<LeadDetail>(base(id), undefined, signal),
    create: (body: LeadCreate) => api.post<Lead>('/leads', body),
    update: (id: string, body: LeadUpdate) => api.patch<LeadDetail>(base(id), body),
    archive: (id: string) => api.delete<unknown>(base(id)),
    changeStatus: (id: string, body: StatusChange) => api.patch<LeadDetail>(`${base(id)}/status`, body),
    notes: (id: string, signal?: AbortSignal) => api.get<PlainList<Note>>(`${base(id)}/notes`, undefined, signal),
    addNote: (id: string, text: string) => api.post<Note>(`${base(id)}/notes`, { text }),
    deleteNote: (id: string, noteId: string) =>
      api.delete<unknown>(`${base(id)}/notes/${encodeURIComponent(noteId)}`),
    history: (id: string, signal?: AbortSignal) =>
      api.get<PlainList<HistoryEntry>>(`${base(id)}/history`, undefined, signal),
    bulk: (body: LeadBulkBody) => api.post<LeadBulkReply>('/leads/bulk', body),
    /** make sure the session is fresh (a download link cannot refresh it), then the file's URL */
    exportUrl: async (query: Record<string, string>) => {
      await api.get<unknown>('/auth/me')
      return `/api/v1/leads/export?${new URLSearchParams(query).toString()}`
    },
    salesManagers: (signal?: AbortSignal) =>
      api.get<PlainList<string>>('/leads/sales-managers', undefined, signal)
  }
}

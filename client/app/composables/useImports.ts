// useImports.ts - lead import: dry-run preview, start, progress, the history, the accepted columns
import type { ImportFieldSpec, ImportJob, ImportPreview } from '~/types'

export function useImports() {
  const api = useApi()
  function form(file: File, partner?: string | null): FormData {
    const data = new FormData()
    data.append('file', file, file.name)
    if (partner)
      data.append('partner', partner)
    return data
  }
  return {
    preview: (file: File, partner?: string | null) =>
      api.upload<ImportPreview>('/leads/import', form(file, partner), { dryRun: 1 }),
    start: (file: File, partner?: string | null) =>
      api.upload<{ id: string }>('/leads/import', form(file, partner)),
    job: (id: string, signal?: AbortSignal) =>
      api.get<ImportJob>(`/imports/${encodeURIComponent(id)}`, undefined, signal),
    columns: (signal?: AbortSignal) =>
      api.get<{ fields: ImportFieldSpec[] }>('/imports/columns', undefined, signal)
  }
}

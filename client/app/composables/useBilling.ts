// useBilling.ts - typed calls of the finance pages (issue 16): invoices and the owner's actions,
// a partner's credits and one-off charges, lead returns and staff's decisions.
import type { Invoice, InvoiceDetail, LeadReturn, LedgerLine, ReturnReason } from '~/types'

const enc = encodeURIComponent

export function useBilling() {
  const api = useApi()
  return {
    invoice: (id: string, signal?: AbortSignal) => api.get<InvoiceDetail>(`/invoices/${enc(id)}`, undefined, signal),
    voidInvoice: (id: string) => api.post<Invoice>(`/invoices/${enc(id)}/void`),
    markPaid: (id: string) => api.post<Invoice>(`/invoices/${enc(id)}/mark-paid`),
    credit: (partner: string, amount: number, description: string) =>
      api.post<LedgerLine>(`/partners/${enc(partner)}/credits`, { amount, description }),
    charge: (partner: string, amount: number, description: string) =>
      api.post<InvoiceDetail>(`/partners/${enc(partner)}/charges`, { amount, description }),
    askReturn: (lead: string, reason: ReturnReason, note: string) =>
      api.post<LeadReturn>(`/leads/${enc(lead)}/returns`, { reason, note }),
    approveReturn: (id: string, note: string) =>
      api.post<LeadReturn>(`/returns/${enc(id)}/approve`, note ? { note } : {}),
    rejectReturn: (id: string, note: string) => api.post<LeadReturn>(`/returns/${enc(id)}/reject`, { note })
  }
}

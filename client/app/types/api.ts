// api.ts - wire shapes of the Partner Connector API (DESIGN §3); hand-written until it is
// generated from /api/openapi.json, so keep the names the C field tables use.

/** Machine codes the API puts in `error.code` (style.md §1.6), plus two client-side ones. */
export type ApiErrorCode
  = | 'bad_json'
    | 'unauthenticated'
    | 'forbidden'
    | 'csrf_failed'
    | 'not_found'
    | 'method_not_allowed'
    | 'conflict'
    | 'invalid_transition'
    | 'payload_too_large'
    | 'unsupported_media_type'
    | 'validation_failed'
    | 'rate_limited'
    | 'internal'
    | 'unavailable'
    | 'network_error' // client only: no HTTP response at all
    | 'aborted' // client only: the caller cancelled the request

/** One field problem from a validation failure; the API reports all of them at once. */
export interface ApiErrorDetail {
  field: string
  problem: string
}

/** The error body every API endpoint returns: `{"error": {code, message, details}}`. */
export interface ApiErrorBody {
  error: {
    code: ApiErrorCode | (string & {})
    message: string
    details?: ApiErrorDetail[]
  }
}

/** What useApi throws: the error body flattened, plus the HTTP status (0 = no response). */
export interface ApiError {
  status: number
  code: ApiErrorCode | (string & {})
  message: string
  details: ApiErrorDetail[]
}

export interface ListMeta {
  total: number
  /** total is where the count stopped (1,000, or the end of this page): there are more */
  totalIsLowerBound?: boolean
  /** 0-based */
  page: number
  perPage: number
}

/** Every list endpoint answers `{list, meta}`. */
export interface ListResponse<T> {
  list: T[]
  meta: ListMeta
}

export interface ListSort {
  column: string
  direction: 'asc' | 'desc'
}

export type ListFilterOperator
  = | 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'not_in'
    | 'is_null' | 'is_not_null' | 'contains'

export interface ListFilter {
  column: string
  operator: ListFilterOperator
  value?: unknown
}

export type UserRole = 'owner' | 'admin' | 'user'

export interface SignInBody {
  email: string
  password: string
}

export interface User {
  id: string
  email: string
  name: string
  role: UserRole
  partner: string | null
  isActive: boolean
  status: 'invited' | 'active'
  lastSignInAt: string | null
  createdAt: string
  updatedAt: string
}

export interface UserResponse {
  user: User
}

export interface Partner {
  id: string
  name: string
  slug: string
  /** docs/api.md says always present; the API omits it while unset */
  icp?: Record<string, string>
  /** docs/api.md says always present; the API omits it while unset */
  meetingTypes?: string[]
  email?: string | null
  lastAppointmentDate: string | null
  totalLeads: number
  totalAppointments: number
  createdAt: string
  updatedAt: string
}

export const LEAD_STATUSES = [
  'new', 'scheduled', 'in_touch', 'won', 'lost_no_show', 'lost_disqualified', 'lost_no_potential'
] as const
export type LeadStatus = typeof LEAD_STATUSES[number]

export interface PartnerStats {
  lastAppointmentDate: string | null
  totalLeads: number
  totalAppointments: number
  leadsByStatus: Partial<Record<LeadStatus, number>>
}

export const BILLING_TYPES = ['qualified_lead', 'closed_won_lead', 'percentage_of_deal'] as const
export type BillingType = typeof BILLING_TYPES[number]

export interface BillingTerm {
  /** YYYY-MM */
  from: string
  /** YYYY-MM, null = open-ended */
  to: string | null
  /** cents per lead, or basis points of the deal amount for percentage_of_deal */
  value: number
}

export interface Billing {
  billingType: BillingType | null
  billingTerms: BillingTerm[]
}

export type LeadSource = 'manual' | 'import' | 'chilipiper' | 'hubspot'

export interface Lead {
  id: string
  email: string
  partner: string
  partnerName?: string
  dealStatus: LeadStatus
  scheduledDate?: string | null
  firstName?: string
  lastName?: string
  phone?: string
  company?: string
  jobTitle?: string
  country?: string
  industry?: string
  companySize?: string
  meetingType?: string
  salesManager?: string
  /** cents */
  dealAmount?: number | null
  wonAt?: string | null
  source: LeadSource
  hubspotContactId?: string | null
  createdAt: string
  updatedAt: string
}

export type MeetingStatus = 'created' | 'updated' | 'rescheduled' | 'canceled'

export interface Meeting {
  id: string
  lead: string
  leadEmail: string
  partner: string
  partnerName?: string
  scheduledTime: string
  type?: string
  status: MeetingStatus
  title?: string
  assigneeEmail?: string
  hostEmail?: string
  location?: string
  createdAt: string
  updatedAt: string
}

export interface LeadDetail extends Lead {
  meetings: Meeting[]
  allowedTransitions: LeadStatus[]
}

export interface Note {
  id: string
  text: string
  author: { id: string, name: string }
  createdAt: string
  deletable: boolean
}

export interface HistoryEntry {
  id: string
  action: string
  actor: { kind: string, id: string | null, name: string | null }
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  source: string | null
  reason: string | null
  at: string
}

export interface Dashboard {
  leadsByStatus: Partial<Record<LeadStatus, number>>
  appointmentsThisWeek: number
  appointmentsNextWeek: number
  overdueLeads: number
  leadsPerWeek: { weekStart: string, count: number }[]
}

/** one problem of an import row (`field` null: the reader could not read the row) */
export interface ImportRowError {
  row: number | null
  field: string | null
  problem: string
}

export interface ImportPreview {
  columns: { header: string, field: string | null }[]
  rows: Record<string, unknown>[]
  /** data rows in the file */
  total: number
  /** rows with at least one error (they are not imported) */
  failed: number
  errors: ImportRowError[]
  /** firstRow: an earlier row of the file with that e-mail; null: the e-mail is already a lead */
  duplicates: { row: number, email: string, existingPartner: string | null, samePartner: boolean, firstRow: number | null }[]
}

export interface ImportJob {
  id: string
  status: 'queued' | 'running' | 'done' | 'failed'
  total: number
  /** created + updated + skipped + failed; reaches total */
  processed: number
  created: number
  updated: number
  skipped: number
  failed: number
  errors: ImportRowError[]
  partner?: string | null
  filename?: string
  createdAt?: string
  finishedAt?: string | null
}

/** `{list}` without paging (notes, history, sales managers). */
export interface PlainList<T> {
  list: T[]
}

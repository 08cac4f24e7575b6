// types/index.ts - the client's names for the API's wire shapes (DESIGN §3). Models, enums and
// request bodies come from ./api.ts, which scripts/api-types.sh generates at build time from
// pc-api's own OpenAPI document (the route table and the C field tables), so they cannot drift
// from the server. The document is still weak in two ways: it marks no field of an answer as
// required, and many bodies are a bare object. What is written by hand for that reason is marked
// HAND-WRITTEN with the reason; a later issue strengthens the document and these shrink.
import type { components, paths } from './api'
import {
  conflictStatusValues, cronRunRecordStatusValues, leadDealStatusValues, meetingOutcomeBodyOutcomeValues, meetingStatusValues,
  syncTaskStatusValues, userRoleValues, webhookDeliveryProviderValues, webhookDeliveryStatusValues,
  partnerWebhookDeliveryOutcomeValues, partnerWebhookEventsValues, invoiceStatusValues, leadReturnReasonValues
} from './api'

type Schemas = components['schemas']

/**
 * HAND-WRITTEN (the part that is): T with the keys K always sent. The document lists no required
 * fields in answers, so every generated member is optional; K names what the API always writes.
 */
type Sent<T, K extends keyof T> = Omit<T, K> & Required<Pick<T, K>>

/* ---------- models (generated) ---------- */

export type User = Sent<Schemas['User'], keyof Schemas['User']>
export type UserRole = User['role']
export const USER_ROLES: readonly UserRole[] = userRoleValues

export type Partner = Sent<Schemas['Partner'], 'id' | 'name' | 'slug' | 'lastAppointmentDate'
  | 'totalLeads' | 'totalAppointments' | 'createdAt' | 'updatedAt'>

export type Lead = Sent<Schemas['Lead'], 'id' | 'email' | 'partner' | 'dealStatus' | 'source'
  | 'createdAt' | 'updatedAt'>
export type LeadStatus = Lead['dealStatus']
/** every lead status, in the order of the flow (the field table's order) */
export const LEAD_STATUSES: readonly LeadStatus[] = leadDealStatusValues

export type Meeting = Sent<Schemas['Meeting'], 'id' | 'lead' | 'leadEmail' | 'partner'
  | 'scheduledTime' | 'status' | 'createdAt' | 'updatedAt'>
export type MeetingStatus = Meeting['status']
export const MEETING_STATUSES: readonly MeetingStatus[] = meetingStatusValues
export type MeetingOutcome = NonNullable<Meeting['outcome']>
/** the outcome body's values (a nullable enum, such as the meeting's own, gets no value list) */
export const MEETING_OUTCOMES: readonly MeetingOutcome[] = meetingOutcomeBodyOutcomeValues

export type Conflict = Sent<Schemas['Conflict'], 'id' | 'lead' | 'leadEmail' | 'partner' | 'partnerName'
  | 'routedPartner' | 'routedPartnerName' | 'source' | 'status' | 'occurrences' | 'createdAt' | 'updatedAt'>
export type ConflictStatus = Conflict['status']
export const CONFLICT_STATUSES: readonly ConflictStatus[] = conflictStatusValues

/** a run of the HubSpot contact sync or the ChiliPiper reconciliation (GET /sync-tasks) */
export type SyncTask = Sent<Schemas['SyncTask'], 'id' | 'kind' | 'status' | 'trigger' | 'processed'
  | 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed' | 'errors' | 'createdAt'>
export type SyncTaskStatus = SyncTask['status']
export const SYNC_TASK_STATUSES: readonly SyncTaskStatus[] = syncTaskStatusValues

/** a run of a cron job (GET /admin/cron-runs, the owner's); counts: the job's figures */
export type CronRun = Sent<Omit<Schemas['CronRunRecord'], 'counts'>, 'id' | 'job' | 'status' | 'startedAt'>
  & { counts?: Record<string, number> }
export type CronRunStatus = CronRun['status']
export const CRON_RUN_STATUSES: readonly CronRunStatus[] = cronRunRecordStatusValues

/** one webhook delivery of the inbox (GET /webhook-inbox) */
export type WebhookDelivery = Sent<Schemas['WebhookDelivery'], 'id' | 'provider' | 'kind' | 'status'
  | 'receivedAt' | 'attempts' | 'replays' | 'errors'>
export type WebhookProvider = WebhookDelivery['provider']
export type WebhookStatus = WebhookDelivery['status']
export const WEBHOOK_PROVIDERS: readonly WebhookProvider[] = webhookDeliveryProviderValues
export const WEBHOOK_STATUSES: readonly WebhookStatus[] = webhookDeliveryStatusValues
/** GET /webhook-inbox/:id: the delivery and its raw body (null once expired) */
export type WebhookDeliveryDetail = WebhookDelivery & Pick<Schemas['WebhookDeliveryDetail'], 'body'>

/** GET /integrations (the sync tasks are absent, or null, before the first run) */
export type HubspotState = Omit<Schemas['HubspotState'], 'lastSync'> & { lastSync?: SyncTask | null }
export type ChilipiperState = Omit<Schemas['ChilipiperState'], 'lastReconcile'>
  & { lastReconcile?: SyncTask | null }
export interface Integrations {
  hubspot: HubspotState
  chilipiper: ChilipiperState
}
export type WebhookInboxCounts = Schemas['WebhookInboxCounts']

/** an invoice (GET /invoices): amounts in integer cents of `currency` */
export type Invoice = Sent<Schemas['Invoice'], 'id' | 'partner' | 'partnerName' | 'kind' | 'period'
  | 'status' | 'amount' | 'currency' | 'lineCount' | 'createdAt'>
export type InvoiceStatus = Invoice['status']
export const INVOICE_STATUSES: readonly InvoiceStatus[] = invoiceStatusValues
/** one immutable line of a partner's billing ledger (GET /partners/:id/ledger) */
export type LedgerLine = Sent<Schemas['LedgerLine'], 'id' | 'partner' | 'kind' | 'amount' | 'currency'
  | 'period' | 'description' | 'createdAt'>
export type LedgerKind = LedgerLine['kind']
/** GET /invoices/:id: the invoice and its ledger lines */
export type InvoiceDetail = Invoice & { lines: LedgerLine[] }
/** a partner's request to return a lead (GET /returns, POST /leads/:id/returns) */
export type LeadReturn = Sent<Schemas['LeadReturn'], 'id' | 'lead' | 'partner' | 'leadEmail' | 'reason'
  | 'note' | 'status' | 'createdAt'>
export type ReturnReason = LeadReturn['reason']
export type ReturnStatus = LeadReturn['status']
export const RETURN_REASONS: readonly ReturnReason[] = leadReturnReasonValues

/* ---------- request bodies (generated) ---------- */

export type LeadCreate = Schemas['LeadCreate']
export type LeadUpdate = Schemas['LeadUpdate']
/** POST /leads/bulk */
export type LeadBulkBody = Schemas['LeadBulkBody']
export type LeadBulkReply = Schemas['LeadBulkReply']
export type LeadBulkResult = Schemas['LeadBulkResult']
export type MeetingCreate = Schemas['MeetingCreate']
export type MeetingUpdate = Schemas['MeetingUpdate']
export type PartnerCreate = Schemas['PartnerCreate']
export type PartnerUpdate = Schemas['PartnerUpdate']
export type UserCreate = Schemas['UserCreate']
export type UserUpdate = Schemas['UserUpdate']

/* ---------- answers (generated) ---------- */

/** POST /leads/sync: the new task, or the one already queued or running */
export type SyncStarted = Schemas['SyncStarted']
/** POST /webhook-inbox/:id/replay */
export type WebhookReplayed = Schemas['WebhookReplayed']

/** what an invitation link offers (POST /auth/check-invite) */
export type InviteInfo = Schemas['InviteInfo']
/** what a reminder's one-click action link does, or did (POST /actions/check, /actions/apply) */
export type ActionInfo = Schemas['ActionInfo']

/* ---------- errors ---------- */

/** The error body every API endpoint returns: `{"error": {code, message, details}}` (generated). */
export type ApiErrorBody = Schemas['Error']

/**
 * HAND-WRITTEN: the document types `code` as any string. Machine codes the API puts in
 * `error.code` (style.md §1.6), plus two the client makes itself.
 */
export type ApiErrorCode
  = | 'bad_request'
    | 'bad_json'
    | 'unauthenticated'
    | 'forbidden'
    | 'csrf_failed'
    | 'account_deactivated'
    | 'not_found'
    | 'method_not_allowed'
    | 'conflict'
    | 'invalid_transition'
    | 'duplicate_name'
    | 'invalid_token'
    | 'payload_too_large'
    | 'unsupported_media_type'
    | 'validation_failed'
    | 'rate_limited'
    | 'internal'
    | 'unavailable'
    | 'network_error' // client only: no HTTP response at all
    | 'aborted' // client only: the caller cancelled the request

/** One field problem of a validation failure; the API reports all of them at once. */
export type ApiErrorDetail = Required<NonNullable<ApiErrorBody['error']['details']>[number]>

/** What useApi throws: the error body flattened, plus the HTTP status (0 = no response). */
export interface ApiError {
  status: number
  code: ApiErrorCode | (string & {})
  message: string
  details: ApiErrorDetail[]
}

/* ---------- lists ---------- */

type LeadList = paths['/api/v1/leads']['get']['responses'][200]['content']['application/json']
export type ListMeta = Required<NonNullable<LeadList['meta']>>

/** HAND-WRITTEN generic: every list answers `{list, meta}`; the document has it per route. */
export interface ListResponse<T> {
  list: T[]
  meta: ListMeta
}

/** HAND-WRITTEN: `{list}` without paging (notes, history, sales managers): bare objects. */
export interface PlainList<T> {
  list: T[]
}

/** HAND-WRITTEN: the list query parameters are not in the document yet. */
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

/* ---------- HAND-WRITTEN: routes whose bodies the document gives as a bare object ---------- */

export interface SignInBody {
  email: string
  password: string
}

/** /auth/* answers */
export interface UserResponse {
  user: User
}

/** GET /leads/:id: the document says Lead; the answer also holds these */
export interface LeadDetail extends Lead {
  meetings: Meeting[]
  allowedTransitions: LeadStatus[]
  /** after a no-show: the status the page offers (lost_no_show), when the viewer may go there */
  offeredTransition: LeadStatus | null
  /** the HubSpot contact page (staff, when the portal is configured) */
  hubspotUrl: string | null
}

/** PATCH /meetings/:id/outcome: the meeting, and the lead page's offer after it */
export interface MeetingWithOffer extends Meeting {
  offeredTransition: LeadStatus | null
}

/** POST /conflicts/:id/resolve */
export type ConflictAction = 'keep' | 'move'

export interface MeetingOutcomes {
  days: number
  held: number
  noShow: number
  pending: number
  /** 0..1; null while no meeting has an outcome */
  heldRate: number | null
  noShowRate: number | null
}

/** PATCH /leads/:id/status */
export interface StatusChange {
  status: LeadStatus
  reason?: string
  /** cents */
  dealAmount?: number
}

export interface PartnerStats {
  lastAppointmentDate: string | null
  totalLeads: number
  totalAppointments: number
  leadsByStatus: Partial<Record<LeadStatus, number>>
}

export type BillingType = 'qualified_lead' | 'closed_won_lead' | 'percentage_of_deal'

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
  /** the partner's ISO currency, lower case (read-only here; default usd) */
  currency?: string
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
  meetingOutcomes: MeetingOutcomes
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

/** one import of the history (GET /imports): who started it, the file, partner, status, counts */
export type ImportRecord = Sent<Schemas['ImportRecord'], 'id' | 'status' | 'filename' | 'total' | 'created'
  | 'updated' | 'skipped' | 'failed' | 'createdAt'>

/** a field an import fills (GET /imports/columns): headers[0] is the template's spelling */
export type ImportFieldSpec = Sent<Schemas['ImportFieldSpec'], 'field' | 'label' | 'headers' | 'required'>

/* ---------- partner API tokens (issue 15) ---------- */

/** a partner's API token as listed: never the secret, only its first characters (prefix) */
export type ApiToken = Sent<Schemas['ApiToken'], 'id' | 'name' | 'prefix' | 'partner' | 'createdAt'
  | 'lastUsedAt' | 'expiresAt' | 'revokedAt'>
export type ApiTokenCreate = Schemas['ApiTokenCreate']
/** the answer of a new token: the secret (pc_...) is shown this once */
export interface ApiTokenCreated { apiToken: ApiToken, token: string }
/* ---------- webhooks to partners (issue 15) ---------- */

/** an endpoint of a partner (GET /partners/:id/webhooks); its secret is never in it */
export type PartnerWebhook = Sent<Schemas['PartnerWebhook'], 'id' | 'partner' | 'url' | 'events'
  | 'enabled' | 'secretPrefix' | 'createdAt' | 'updatedAt'>
/** the answer of create and rotate-secret: the endpoint and its new secret, shown this once */
export type PartnerWebhookWithSecret = PartnerWebhook & { secret: string }
export type PartnerWebhookInput = Schemas['PartnerWebhookCreate']
export type PartnerWebhookEventType = PartnerWebhook['events'][number]
export const PARTNER_WEBHOOK_EVENTS: readonly PartnerWebhookEventType[] = partnerWebhookEventsValues
/** one attempt of the delivery log */
export type PartnerWebhookDelivery = Sent<Schemas['PartnerWebhookDelivery'], 'id' | 'endpoint'
  | 'event' | 'type' | 'attempt' | 'outcome' | 'url' | 'requestHeaders' | 'requestBody'
  | 'durationMs' | 'createdAt'>
export type PartnerWebhookOutcome = PartnerWebhookDelivery['outcome']
export const PARTNER_WEBHOOK_OUTCOMES: readonly PartnerWebhookOutcome[] = partnerWebhookDeliveryOutcomeValues
export type PartnerWebhookQueued = Schemas['PartnerWebhookQueued']

/* ---------- saved views of the leads list (issue 17) ---------- */

/** a saved view: the list's URL query and visible columns, its owner's or shared with them */
export type SavedView = Sent<Schemas['View'], 'id' | 'name' | 'query' | 'columns' | 'shared' | 'owner'
  | 'ownerName' | 'createdAt'>
export type SavedViewCreate = Schemas['ViewCreate']

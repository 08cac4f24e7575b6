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

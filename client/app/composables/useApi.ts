// useApi.ts - THE API client: every request to /api/v1 goes through here. It sends the session
// cookies and the CSRF header, refreshes the session once on a 401, and throws ApiRequestError.
import type { ApiError, ApiErrorBody, ApiErrorCode, ApiErrorDetail } from '~/types'

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type ApiQuery = Record<string, string | number | boolean | null | undefined>

export interface ApiRequestOptions {
  query?: ApiQuery
  body?: unknown
  signal?: AbortSignal
  /** false: on a lost session throw without sending the user to /login (the route guard decides) */
  redirect?: boolean
}

const API_BASE = '/api/v1'
const CSRF_COOKIE = '__Host-pc_csrf'
const CSRF_HEADER = 'X-CSRF-Token'
const REFRESH_PATH = '/auth/token/refresh'
const LOGIN_PATH = '/login'
const UNSAFE_METHODS = new Set<ApiMethod>(['POST', 'PUT', 'PATCH', 'DELETE'])

// A 401 from these means "wrong credentials or token", not "session expired": the caller shows
// the message, there is nothing to refresh and no reason to leave the page.
const NO_SESSION_PATHS = new Set([
  '/auth/sign-in', REFRESH_PATH, '/auth/forgot-password', '/auth/reset-password'
])

const STATUS_CODES: Record<number, ApiErrorCode> = {
  400: 'bad_json', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found',
  405: 'method_not_allowed', 409: 'conflict', 413: 'payload_too_large',
  415: 'unsupported_media_type', 422: 'validation_failed', 429: 'rate_limited',
  500: 'internal', 502: 'unavailable', 503: 'unavailable', 504: 'unavailable'
}

/** The one error type useApi throws; `isApiError` narrows a caught value to it. */
export class ApiRequestError extends Error implements ApiError {
  readonly status: number
  readonly code: ApiError['code']
  readonly details: ApiErrorDetail[]

  constructor(err: ApiError) {
    super(err.message)
    this.name = 'ApiRequestError'
    this.status = err.status
    this.code = err.code
    this.details = err.details
  }
}

export function isApiError(value: unknown): value is ApiRequestError {
  return value instanceof ApiRequestError
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  const error = (data as ApiErrorBody | null)?.error
  return typeof error?.code === 'string' && typeof error.message === 'string'
}

// ofetch throws a FetchError with status and parsed data; anything else had no response.
function toApiError(thrown: unknown): ApiRequestError {
  if (thrown instanceof ApiRequestError)
    return thrown
  const fe = thrown as { status?: number, data?: unknown, name?: string, cause?: { name?: string } }
  const status = fe?.status ?? 0
  if (isErrorBody(fe?.data)) {
    const { code, message, details } = fe.data.error
    return new ApiRequestError({
      status, code, message,
      details: (details ?? []).map(d => ({ field: d.field ?? '', problem: d.problem ?? '' }))
    })
  }
  if (status === 0) {
    const aborted = fe?.name === 'AbortError' || fe?.cause?.name === 'AbortError'
    return new ApiRequestError({
      status,
      code: aborted ? 'aborted' : 'network_error',
      message: aborted ? 'The request was cancelled' : 'Cannot reach the server, try again',
      details: []
    })
  }
  return new ApiRequestError({
    status,
    code: STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'bad_json'),
    message: `The server answered with HTTP ${status}`,
    details: []
  })
}

function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined')
    return undefined
  for (const pair of document.cookie.split('; ')) {
    const eq = pair.indexOf('=')
    if (eq > 0 && pair.slice(0, eq) === name)
      return decodeURIComponent(pair.slice(eq + 1))
  }
  return undefined
}

function send<T>(method: ApiMethod, path: string, opts: ApiRequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const csrf = UNSAFE_METHODS.has(method) ? readCookie(CSRF_COOKIE) : undefined
  if (csrf)
    headers[CSRF_HEADER] = csrf
  return $fetch<T>(path, {
    baseURL: API_BASE,
    method,
    query: opts.query,
    body: opts.body as BodyInit | Record<string, unknown> | undefined,
    signal: opts.signal,
    headers,
    credentials: 'same-origin',
    retry: 0
  })
}

// Concurrent 401s share one refresh call: the refresh token rotates on every use, so a second
// parallel refresh would present an already-used token and revoke the whole session.
let refreshing: Promise<boolean> | null = null

function refreshSession(): Promise<boolean> {
  refreshing ??= send<unknown>('POST', REFRESH_PATH, {})
    .then(() => true, () => false)
    .finally(() => {
      refreshing = null
    })
  return refreshing
}

/**
 * Returns the API client. Each method resolves to the parsed JSON body or throws
 * ApiRequestError; after a failed session refresh it also navigates to /login?next=<path>.
 */
export function useApi() {
  const nuxtApp = useNuxtApp()
  const router = useRouter()

  async function toLogin(): Promise<void> {
    const current = router.currentRoute.value
    if (current.path === LOGIN_PATH)
      return
    await nuxtApp.runWithContext(() => {
      useState(AUTH_USER_KEY).value = null
      return navigateTo({ path: LOGIN_PATH, query: { next: current.fullPath } })
    })
  }

  async function request<T>(method: ApiMethod, path: string, opts: ApiRequestOptions = {}): Promise<T> {
    let first: ApiRequestError
    try {
      return await send<T>(method, path, opts)
    } catch (thrown) {
      first = toApiError(thrown)
    }
    if (first.status !== 401 || NO_SESSION_PATHS.has(path))
      throw first
    if (await refreshSession()) {
      try {
        return await send<T>(method, path, opts)
      } catch (thrown) {
        const second = toApiError(thrown)
        if (second.status !== 401)
          throw second
      }
    }
    if (opts.redirect !== false)
      await toLogin()
    throw first
  }

  return {
    request,
    get: <T>(path: string, query?: ApiQuery, signal?: AbortSignal) =>
      request<T>('GET', path, { query, signal }),
    post: <T>(path: string, body?: unknown, query?: ApiQuery) =>
      request<T>('POST', path, { body, query }),
    put: <T>(path: string, body?: unknown, query?: ApiQuery) =>
      request<T>('PUT', path, { body, query }),
    patch: <T>(path: string, body?: unknown, query?: ApiQuery) =>
      request<T>('PATCH', path, { body, query }),
    delete: <T>(path: string, query?: ApiQuery) =>
      request<T>('DELETE', path, { query }),
    /** multipart/form-data POST (file uploads); the browser sets the boundary */
    upload: <T>(path: string, form: FormData, query?: ApiQuery) =>
      request<T>('POST', path, { body: form, query })
  }
}

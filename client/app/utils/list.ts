// list.ts - the list query of the API (page, perPage, sort, filter, search) as URL query values
import type { ApiQuery } from '~/composables/useApi'
import type { ListFilter, ListSort } from '~/types'

export interface ListParams {
  /** 0-based */
  page: number
  perPage: number
  sort?: ListSort[]
  filter?: ListFilter[]
  search?: string
}

export function listQuery(p: ListParams): ApiQuery {
  const q: ApiQuery = { page: p.page, perPage: p.perPage }
  if (p.sort?.length)
    q.sort = JSON.stringify(p.sort)
  if (p.filter?.length)
    q.filter = JSON.stringify(p.filter)
  if (p.search?.trim())
    q.search = p.search.trim()
  return q
}

/** "createdAt:desc" ⇄ {column, direction} for short URLs */
export function parseSort(value: unknown, allowed: readonly string[]): ListSort | null {
  if (typeof value !== 'string')
    return null
  const [column, direction] = value.split(':')
  if (!column || !allowed.includes(column) || (direction !== 'asc' && direction !== 'desc'))
    return null
  return { column, direction }
}

export function sortParam(sort: ListSort): string {
  return `${sort.column}:${sort.direction}`
}

/** first string of a route query value */
export function queryString(value: unknown): string {
  if (Array.isArray(value))
    return queryString(value[0])
  return typeof value === 'string' ? value : ''
}

/** comma-separated route query value → list */
export function queryList(value: unknown): string[] {
  return queryString(value).split(',').map(s => s.trim()).filter(Boolean)
}

export function queryInt(value: unknown, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number.parseInt(queryString(value), 10)
  return Number.isFinite(n) && n >= min && n <= max ? n : fallback
}

export const PER_PAGE_OPTIONS = [10, 25, 50, 100, 200]

/** `column in values`, or nothing for no values */
export function inFilter(column: string, values: readonly string[]): ListFilter[] {
  return values.length ? [{ column, operator: 'in', value: values }] : []
}

/** `column = value`, or nothing for no value */
export function eqFilter(column: string, value: string): ListFilter[] {
  return value ? [{ column, operator: 'eq', value }] : []
}

/** `column` within the local days from..to (YYYY-MM-DD, either may be '') */
export function dayRange(column: string, from: string, to: string): ListFilter[] {
  const f: ListFilter[] = []
  if (from)
    f.push({ column, operator: 'gte', value: dayStartIso(from) })
  if (to)
    f.push({ column, operator: 'lte', value: dayEndIso(to) })
  return f
}

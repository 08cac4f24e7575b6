// imports.ts - words of the import page: field labels from GET /imports/columns, rejected rows
import type { ImportFieldSpec, ImportRowError } from '~/types'

/** the label of a lead field ("firstName" -> "First name"), the name itself when unknown */
export function importFieldLabel(fields: readonly ImportFieldSpec[] | null | undefined, field: string | null): string {
  if (!field)
    return ''
  return fields?.find(f => f.field === field)?.label ?? field
}

/** the CSV rows of rejected rows: a header, then row, column and problem of each error; column
 * names what the person saw (column(field) when given, else the field's label) */
export function rejectedRowsCsv(errors: readonly ImportRowError[], column: (field: string | null) => string): string[][] {
  return [['Row', 'Column', 'Problem'], ...errors.map(e => [e.row === null ? '' : String(e.row), e.field ? column(e.field) : '', e.problem])]
}

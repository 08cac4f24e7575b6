// table.ts - sort headers built from the column definitions, as the Nuxt UI dashboard template
// builds them (`header: ({ column }) => h(UButton, …)` reading column.getIsSorted()). Our sort is
// the server's, kept in the URL: <CommonServerTable> hands it to the table as its sorting state
// (manualSorting) and turns the table's changes back into a ListSort.
import { h } from 'vue'
import type { TableColumn } from '@nuxt/ui'
import type { ListSort } from '~/types'
import SortHeader from '~/components/common/SortHeader.vue'

/** the table's sorting state (TanStack's SortingState) */
export type SortingState = { id: string, desc: boolean }[]

/** the `header` of a sortable column: a button that shows and toggles the column's sort */
export function sortHeader<T>(label: string): TableColumn<T>['header'] {
  return ({ column }) => h(SortHeader, {
    label,
    direction: column.getIsSorted() || null,
    onToggle: () => column.toggleSorting(column.getIsSorted() === 'asc')
  })
}

/** a column sorted by the server: `{accessorKey, header: sortHeader(label)}` */
export function sortable<T>(accessorKey: keyof T & string, label: string): TableColumn<T> {
  return { accessorKey, header: sortHeader<T>(label) } as TableColumn<T>
}

export function toSorting(sort: ListSort | null): SortingState {
  return sort ? [{ id: sort.column, desc: sort.direction === 'desc' }] : []
}

export function fromSorting(state: SortingState | undefined): ListSort | null {
  const first = state?.[0]
  return first ? { column: first.id, direction: first.desc ? 'desc' : 'asc' } : null
}

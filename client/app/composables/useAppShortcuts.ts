// useAppShortcuts.ts - the app's keyboard shortcuts (Nuxt UI's defineShortcuts, which ignores
// keys typed into an input, a textarea or editable text): / the current table's search, n a new
// lead (for those who may create one), ? the help dialog that lists them. None fires while a
// dialog is open.

export interface ShortcutHelp {
  keys: string[]
  label: string
}

/** a request for the new-lead dialog, taken by the leads page (which may mount after it) */
export const useNewLeadRequest = () => useState('pc:new-lead-request', () => false)

/** how many tables of results the page shows: the layout's "Skip to results" link needs one */
export const useResultsCount = () => useState('pc:results-count', () => 0)

/** focus the first row of the page's first table of results (or the table when it is empty) */
export function focusResults() {
  const table = document.querySelector<HTMLElement>('[data-results]')
  const target = table?.querySelector<HTMLElement>('tbody') ?? table
  if (!target)
    return
  target.setAttribute('tabindex', '-1')
  target.focus()
}

export function useAppShortcuts() {
  const auth = useAuth()
  const route = useRoute()
  const request = useNewLeadRequest()
  const help = ref(false)

  const dialogOpen = () => document.querySelector('[role="dialog"]') !== null
  const guarded = (fn: () => unknown) => () => {
    if (!dialogOpen())
      void fn()
  }

  function focusSearch() {
    document.querySelector<HTMLInputElement>('#main-content input[type="search"]')?.focus()
  }

  async function newLead() {
    request.value = true
    if (route.path !== '/leads')
      await navigateTo('/leads')
  }

  const list = computed<ShortcutHelp[]>(() => [
    { keys: ['/'], label: 'Search the list on this page' },
    ...(auth.isAdmin.value ? [{ keys: ['N'], label: 'New lead' }] : []),
    { keys: ['?'], label: 'Show these shortcuts' },
    { keys: ['Esc'], label: 'Close a dialog or menu' }
  ])

  defineShortcuts(computed(() => ({
    '/': guarded(focusSearch),
    'n': auth.isAdmin.value ? guarded(newLead) : undefined,
    '?': guarded(() => {
      help.value = true
    })
  })))

  return { help, list }
}

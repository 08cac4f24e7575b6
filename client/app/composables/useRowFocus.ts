// useRowFocus.ts - one Tab stop per table row (issue 17): Tab walks the rows, not every checkbox,
// link and button of each; inside a row ArrowLeft/ArrowRight (Home/End) move between its
// controls and ArrowUp/ArrowDown to the same control of the row above or below, as in the ARIA
// grid pattern. A row's stop is its first link (the record it opens), so Tab lands where Enter
// is useful; the control last focused in a row becomes the row's stop, so Shift+Tab comes back
// to it. The tabindex is set on the DOM the table rendered, again whenever its rows change.
const CONTROLS = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]'

function controlsOf(row: Element): HTMLElement[] {
  return [...row.querySelectorAll<HTMLElement>(CONTROLS)]
    .filter(el => !el.closest('[aria-hidden="true"], [hidden], [inert]'))
}

function rowOf(el: Element | null, root: HTMLElement): HTMLElement | null {
  const row = el?.closest<HTMLElement>('tbody tr') ?? null
  return row && root.contains(row) ? row : null
}

/** the row's stop: keep (when it is one of its controls), else the first link, else the first */
function settle(row: Element, keep?: Element | null) {
  const list = controlsOf(row)
  const stop = list.find(el => el === keep) ?? list.find(el => el.matches('a[href]')) ?? list[0]
  for (const el of list)
    el.tabIndex = el === stop ? 0 : -1
}

// keys typed into a field or an open menu are theirs, not the table's
function ownsKeys(el: HTMLElement): boolean {
  return el.matches('input:not([type="checkbox"]), select, textarea, [contenteditable="true"]')
    || el.getAttribute('aria-expanded') === 'true'
}

export function useRowFocus(root: () => HTMLElement | null | undefined) {
  let observer: MutationObserver | null = null
  let queued = 0
  const chosen = new WeakMap<Element, Element>() // a row's control last focused

  function settleAll() {
    queued = 0
    root()?.querySelectorAll('tbody tr').forEach(row => settle(row, chosen.get(row)))
  }

  function onFocusIn(e: FocusEvent) {
    const el = root()
    const target = e.target as HTMLElement
    const row = el && rowOf(target, el)
    if (row && target.matches(CONTROLS)) {
      chosen.set(row, target)
      settle(row, target)
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    const el = root()
    const target = e.target as HTMLElement
    const row = el && rowOf(target, el)
    if (!el || !row || e.altKey || e.ctrlKey || e.metaKey || ownsKeys(target))
      return
    const list = controlsOf(row)
    const at = list.indexOf(target)
    let next: HTMLElement | undefined
    if (e.key === 'ArrowRight') next = list[at + 1]
    else if (e.key === 'ArrowLeft') next = at > 0 ? list[at - 1] : undefined
    else if (e.key === 'Home') next = list[0]
    else if (e.key === 'End') next = list[list.length - 1]
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const other = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null
      const there = other ? controlsOf(other) : []
      next = there[Math.min(Math.max(at, 0), there.length - 1)]
    } else {
      return
    }
    e.preventDefault()
    next?.focus()
  }

  onMounted(() => {
    const el = root()
    if (!el)
      return
    el.addEventListener('focusin', onFocusIn)
    el.addEventListener('keydown', onKeyDown)
    observer = new MutationObserver(() => {
      queued ||= requestAnimationFrame(settleAll)
    })
    observer.observe(el, { childList: true, subtree: true })
    settleAll()
  })
  onBeforeUnmount(() => {
    const el = root()
    el?.removeEventListener('focusin', onFocusIn)
    el?.removeEventListener('keydown', onKeyDown)
    observer?.disconnect()
    if (queued)
      cancelAnimationFrame(queued)
  })
}

// useUndoableDelete.ts - a delete that can be taken back (issue 17): the item disappears at once
// and a toast offers Undo; the request goes out only when that time has passed, so Undo needs
// no request and no server-side restore. Leaving the component sends what is still pending (its
// timers die with it); a failed request brings the item back with an error toast.

/** how long Undo is offered */
export const UNDO_MS = 6000

interface Pending {
  send: () => Promise<unknown>
  timer: ReturnType<typeof setTimeout>
  toastId: string | number
}

export interface UndoableDeleteOptions {
  /** the toast's title: "Note deleted" */
  title: string
  /** the error toast's title when the request fails */
  failure: string
  /** after a request that worked (while the component is there): refresh the list */
  done?: () => unknown
}

export function useUndoableDelete(opts: UndoableDeleteOptions) {
  const toast = useToast()
  const notify = useNotify()
  // ids shown as gone: pending ones, and sent ones until the list is read again
  const hidden = ref(new Set<string>())
  const pending = new Map<string, Pending>()
  let mounted = true

  async function commit(id: string) {
    const p = pending.get(id)
    if (!p)
      return
    pending.delete(id)
    clearTimeout(p.timer)
    toast.remove(p.toastId)
    try {
      await p.send()
    } catch (err) {
      hidden.value.delete(id)
      notify.failure(err, opts.failure)
      return
    }
    if (mounted)
      await opts.done?.()
  }

  function undo(id: string) {
    const p = pending.get(id)
    if (!p)
      return
    pending.delete(id)
    clearTimeout(p.timer)
    hidden.value.delete(id)
  }

  /** hides `id` now and calls `send` (which holds everything it needs) unless Undo comes first */
  function remove(id: string, send: () => Promise<unknown>) {
    if (pending.has(id))
      return
    hidden.value.add(id)
    const shown = toast.add({
      title: opts.title,
      color: 'neutral',
      icon: 'i-lucide-trash-2',
      duration: UNDO_MS,
      actions: [{ label: 'Undo', icon: 'i-lucide-undo-2', color: 'neutral', variant: 'outline', onClick: () => undo(id) }]
    })
    pending.set(id, { send, toastId: shown.id, timer: setTimeout(() => void commit(id), UNDO_MS) })
  }

  onBeforeUnmount(() => {
    mounted = false
    for (const id of [...pending.keys()])
      void commit(id)
  })

  return {
    isHidden: (id: string) => hidden.value.has(id),
    remove
  }
}

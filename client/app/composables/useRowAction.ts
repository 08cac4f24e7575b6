// useRowAction.ts - one action at a time on a row of a list (a user, a meeting): which row is busy
// (its controls spin and wait), the API's error as a toast, or on success the toast and `after`
// (reload the list, tell the page).

export function useRowAction(after: () => unknown) {
  const notify = useNotify()
  const busy = ref<string | null>(null)

  /** Runs `action` for `row`; `done` is the success toast. Resolves to whether it worked. */
  async function act(row: { id: string }, action: () => Promise<unknown>, done: string): Promise<boolean> {
    busy.value = row.id
    try {
      await action()
    } catch (err) {
      notify.failure(err)
      return false
    } finally {
      busy.value = null
    }
    notify.success(done)
    void after()
    return true
  }

  return { busy, act }
}

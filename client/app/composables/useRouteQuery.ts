// useRouteQuery.ts - page state kept in the URL query, so a view can be shared or bookmarked.
// Writes in the same tick are merged into one navigation: a history entry (push), so Back
// returns to the previous view, or with { replace: true } (typing in a search box) none.
import type { LocationQueryRaw } from 'vue-router'

export function useRouteQuery() {
  const route = useRoute()
  const router = useRouter()
  let pending: Record<string, string | undefined> | null = null
  let replace = true

  function get(name: string): string {
    return queryString(route.query[name])
  }

  /** Sets query values; '' or undefined removes the key. */
  function set(patch: Record<string, string | number | undefined>, opts: { replace?: boolean } = {}) {
    if (!pending)
      replace = true
    replace &&= opts.replace === true
    pending ??= {}
    for (const [k, v] of Object.entries(patch))
      pending[k] = v === undefined || v === '' ? undefined : String(v)
    void nextTick(() => {
      if (!pending)
        return
      const changes = pending
      pending = null
      const query: LocationQueryRaw = Object.fromEntries(
        Object.entries({ ...route.query, ...changes }).filter(([, v]) => v !== undefined))
      void (replace ? router.replace({ query }) : router.push({ query }))
    })
  }

  return { query: computed(() => route.query), get, set }
}

// usePersisted.ts - a ref kept in localStorage (UI preferences such as visible table columns)
export function usePersisted<T>(key: string, initial: T) {
  const storageKey = `pc:${key}`
  let start = initial
  try {
    const raw = localStorage.getItem(storageKey)
    if (raw)
      start = { ...initial, ...JSON.parse(raw) } as T
  } catch {
    // unreadable or blocked storage: keep the default
  }
  const state = ref(start) as Ref<T>
  watch(state, (v) => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(v))
    } catch {
      // storage full or blocked: the preference lasts for this page only
    }
  }, { deep: true })
  return state
}

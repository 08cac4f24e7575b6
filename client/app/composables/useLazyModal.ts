// useLazyModal.ts - a dialog whose code (and zod) loads the first time it opens: render its Lazy*
// component with v-if="modal.mounted.value" and v-model:open="modal.open.value".
export function useLazyModal() {
  const open = ref(false)
  const mounted = ref(false)
  return {
    open,
    mounted,
    show() {
      mounted.value = true
      open.value = true
    }
  }
}

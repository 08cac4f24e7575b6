// useDuplicateName.ts - a partner name another partner has already (409 duplicate_name): the
// form shows the conflict instead of a field error and offers to save the name anyway, which
// sends confirmDuplicateName: true with that very name (a changed name asks again).
export function useDuplicateName(name: () => string) {
  /** the name the API refused as taken; '' when none */
  const taken = ref('')
  const confirmed = ref(false)
  const shown = computed(() => taken.value !== '' && taken.value === name().trim())
  return {
    taken,
    shown,
    /** useSubmit's `message`: a duplicate name is shown by the form's notice, not as an error */
    message(err: ApiRequestError): string | undefined {
      if (err.code !== 'duplicate_name')
        return undefined
      taken.value = name().trim()
      return ''
    },
    /** the "anyway" button: the next submit confirms the name */
    confirm() {
      confirmed.value = true
    },
    /** the body's flag for this submit (once) */
    flag(): { confirmDuplicateName?: true } {
      const yes = confirmed.value && shown.value
      confirmed.value = false
      return yes ? { confirmDuplicateName: true } : {}
    },
    clear() {
      taken.value = ''
      confirmed.value = false
    }
  }
}

export type DuplicateName = ReturnType<typeof useDuplicateName>

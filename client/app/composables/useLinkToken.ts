// useLinkToken.ts - the one-time token of an e-mailed link (?token=), and whether the API refused
// it (invalid_token: used, expired or unknown), for the reset-password and invitation pages.
export function useLinkToken(refused: string) {
  const route = useRoute()
  const token = computed(() => queryString(route.query.token))
  const invalid = ref(false)
  return {
    token,
    invalid,
    /** useSubmit's `message`: the page's text for a refused link, else the usual handling */
    message(err: ApiRequestError): string | undefined {
      invalid.value = err.code === 'invalid_token'
      return invalid.value ? refused : undefined
    }
  }
}

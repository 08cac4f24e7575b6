// forms.ts - API errors onto Nuxt UI forms: details[] next to their fields, the rest as a message
import type { FormError } from '@nuxt/ui'
import type { ApiError } from '~/types'

export interface FormLike {
  setErrors: (errors: FormError[], name?: string) => void
  clear?: (name?: string) => void
}

/** the message above a form: the API's message, naming the problems no field of the form shows */
export function apiErrorMessage(err: ApiError, fields: readonly string[] = []): string {
  const unknown = err.details.filter(d => !fields.includes(d.field))
  if (unknown.length)
    return `${err.message}: ${unknown.map(d => `${d.field} ${d.problem}`).join('; ')}`
  return err.message
}

/**
 * Puts each `details[].problem` next to the field of that name (when the form has one) and
 * returns the message to show above the form (apiErrorMessage).
 */
export function applyApiErrors(form: FormLike | null | undefined, err: ApiError,
  fields: readonly string[]): string {
  form?.setErrors(err.details.filter(d => fields.includes(d.field)).map(d => ({ name: d.field, message: d.problem })))
  return apiErrorMessage(err, fields)
}

// forms.ts - API errors onto Nuxt UI forms: details[] next to their fields, the rest as a message
import type { FormError } from '@nuxt/ui'
import type { ApiError } from '~/types'

export interface FormLike {
  setErrors: (errors: FormError[], name?: string) => void
  clear?: (name?: string) => void
}

/**
 * Puts each `details[].problem` next to the field of that name (when the form has one) and
 * returns the message to show above the form, naming the problems no field of the form shows.
 */
export function applyApiErrors(form: FormLike | null | undefined, err: ApiError,
  fields: readonly string[]): string {
  const known = err.details.filter(d => fields.includes(d.field))
  const unknown = err.details.filter(d => !fields.includes(d.field))
  form?.setErrors(known.map(d => ({ name: d.field, message: d.problem })))
  if (unknown.length)
    return `${err.message}: ${unknown.map(d => `${d.field} ${d.problem}`).join('; ')}`
  return err.message
}

// useFormErrors.ts - the API's field errors on a Nuxt UI form, kept until the field changes.
// UForm re-validates fields on input (debounced) and blur; errors only set with setErrors would
// be wiped by such a late validation right after the answer arrives. Passing `validate` to the
// form makes every validation report the server's problem again while the value is the one
// the server refused.
import type { FormError } from '@nuxt/ui'
import type { ApiError } from '~/types'

function readPath(obj: unknown, path: string): unknown {
  return path.split(/\.|\[(\d+)\]/).filter(Boolean).reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), obj)
}

export function useFormErrors(form: Ref<FormLike | null | undefined>, state: () => object,
  fields: () => readonly string[]) {
  const server = shallowRef<{ name: string, message: string, value: string }[]>([])

  /** the server's problems for fields that still hold the refused value */
  function validate(): FormError[] {
    const now = state()
    return server.value
      .filter(e => JSON.stringify(readPath(now, e.name)) === e.value)
      .map(({ name, message }) => ({ name, message }))
  }

  /** shows an API error: field problems next to their fields; returns the message for the top */
  function apply(err: ApiError): string {
    const known = fields()
    const now = state()
    server.value = err.details.filter(d => known.includes(d.field)).map(d => ({
      name: d.field, message: d.problem, value: JSON.stringify(readPath(now, d.field))
    }))
    return applyApiErrors(form.value, err, known)
  }

  function clear() {
    server.value = []
  }

  return { validate, apply, clear }
}

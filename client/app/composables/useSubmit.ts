// useSubmit.ts - one form's submit, the same way for every form and dialog: the submitting flag,
// the API's error on the form (details[] next to their fields, the rest above them), and after a
// success a toast and a form with no validation state left over.
//
// Why a fresh form after success (issue 17): UForm validates a field again 300 ms after its last
// input. A submit sent within that time and answered faster left that validation pending; it
// then ran on the emptied form and marked a successful status change or note as an error
// ("Choose the new status", "Write something first"). `key` changes after every success, so
// <CommonForm> mounts a new UForm: no errors, no touched fields, and the old form's late
// validations go to a form that is gone.
import type { FormError } from '@nuxt/ui'

export interface SubmitOptions {
  /** the form's state (a server problem stays on its field while the refused value is there) */
  state: () => object
  /** the form's zod schema, if any (<CommonForm> reads state and schema from here) */
  schema?: MaybeRefOrGetter<object | undefined>
  /** the values a fresh form starts from: reset() puts them into the state (a dialog reopened) */
  initial?: () => object
  /** the form's field names; the API's problems with other fields go to the message */
  fields: readonly string[] | (() => readonly string[])
  /** the form's own checks, besides its schema */
  rules?: () => FormError[]
  /** API field name -> form field name, where they differ */
  rename?: Record<string, string>
  /** a message of the form's own for some errors; undefined: the usual handling */
  message?: (err: ApiRequestError) => string | undefined
}

/** a toast's title, or title and description */
export type ToastText = string | { title: string, description?: string }

export interface SubmitRun<T> {
  /** after the success, before the form is renewed: update state, close, navigate */
  then?: (result: T) => unknown
  /** the toast; none when the page itself shows the outcome (a redirect, a notice) */
  toast?: ToastText | ((result: T) => ToastText)
}

export function useSubmit(opts: SubmitOptions) {
  const notify = useNotify()
  const form = shallowRef<FormLike | null>(null)
  const submitting = ref(false)
  const error = ref('')
  const key = ref(0)
  const fields = typeof opts.fields === 'function' ? opts.fields : () => opts.fields as readonly string[]
  const server = useFormErrors(form, opts.state, fields)

  function fail(err: ApiRequestError) {
    const rename = opts.rename ?? {}
    const { status, code, message } = err
    const details = err.details.map(d => ({ ...d, field: rename[d.field] ?? d.field }))
    error.value = opts.message?.(err) ?? server.apply({ status, code, message, details })
  }

  /** Runs `action`; on success `then`, a fresh form and the toast. Resolves to whether it worked. */
  async function run<T>(action: () => Promise<T>, after: SubmitRun<T> = {}): Promise<boolean> {
    error.value = ''
    submitting.value = true
    let result: T
    try {
      result = await action()
    } catch (err) {
      if (!isApiError(err))
        throw err
      fail(err)
      return false
    } finally {
      submitting.value = false
    }
    server.clear()
    await after.then?.(result)
    key.value += 1
    if (after.toast)
      notify.success(typeof after.toast === 'function' ? after.toast(result) : after.toast)
    return true
  }

  /** forget the last error and start with a fresh form (a dialog opened again) */
  function reset() {
    if (opts.initial)
      Object.assign(opts.state(), opts.initial())
    error.value = ''
    server.clear()
    key.value += 1
  }

  return {
    state: opts.state,
    schema: () => toValue(opts.schema),
    submitting,
    error,
    key,
    /** bind as the UForm's ref (a function ref, so it works through <CommonForm>) */
    formRef: (el: unknown) => {
      form.value = (el as FormLike | null) ?? null
    },
    validate: () => [...(opts.rules?.() ?? []), ...server.validate()],
    run,
    reset
  }
}

export type Submit = ReturnType<typeof useSubmit>

/** The toasts of the app's actions: a success, or the API's error. */
export function useNotify() {
  const toast = useToast()
  return {
    success(text: ToastText) {
      const { title, description } = typeof text === 'string' ? { title: text, description: undefined } : text
      toast.add({ title, description, color: 'success', icon: 'i-lucide-circle-check' })
    },
    /** shows an API error; anything else is a bug and is thrown on */
    failure(err: unknown, title = 'That did not work') {
      if (!isApiError(err))
        throw err
      toast.add({ title, description: err.message, color: 'error', icon: 'i-lucide-circle-alert' })
    }
  }
}

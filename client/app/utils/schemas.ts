// schemas.ts - zod schemas shared by forms
import * as z from 'zod'

/** password + confirm, checked against the rules the API applies (email: the account's, if known) */
export function newPasswordSchema(email?: () => string | undefined) {
  return z.object({
    password: z.string()
      .refine(v => passwordOk(v, email?.()), 'The password does not meet the rules below'),
    confirm: z.string()
  }).refine(v => v.password === v.confirm, { path: ['confirm'], message: 'The passwords differ' })
}

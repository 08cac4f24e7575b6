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

/** the partner's own fields, as the API checks them (create and settings) */
export const partnerFields = {
  name: z.string().trim().min(1, 'Enter the partner\'s name').max(200),
  slug: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters, digits and dashes'),
  email: z.union([z.literal(''), z.email('Enter a valid email address')])
}

/** name, role and partner of a user: a user (not an admin) needs a partner when staff chooses */
export function userAccessSchema(staff: boolean, role: string) {
  return {
    name: z.string().max(100).optional(),
    role: z.enum(['owner', 'admin', 'user']),
    partner: staff && role === 'user'
      ? z.string({ error: 'A user needs a partner' }).min(1, 'A user needs a partner')
      : z.string().optional()
  }
}

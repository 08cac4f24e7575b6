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

/** a meeting's fields as the API checks them (log and reschedule) */
export const meetingFields = {
  when: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Choose the date and time'),
  durationMinutes: z.number().int().min(5).max(1440),
  type: z.string().trim().max(100),
  location: z.string().trim().max(300),
  attendees: z.array(z.email('Each attendee needs an e-mail address')).max(20, 'At most 20 attendees'),
  note: z.string().max(2000)
}

// password.ts - the API's password rules, checked as the user types (the API checks again, with
// its full list of well-known passwords)
export interface PasswordRule {
  id: string
  label: string
  /** null: only the server can tell (no e-mail address known here) */
  ok: boolean | null
}

// a few of the most common passwords of 10+ characters, for early feedback only
const WELL_KNOWN = new Set([
  '1234567890', '0123456789', 'qwertyuiop', 'password12', 'password123', 'password1234',
  '1q2w3e4r5t', '1qaz2wsx3edc', 'qwerty1234', 'iloveyou12', 'abcdefghij', '0987654321',
  'passwordpassword', 'letmein123', 'welcome123', 'administrator'
])

export const PASSWORD_MIN = 10
export const PASSWORD_MAX_BYTES = 256

export function passwordRules(password: string, email = ''): PasswordRule[] {
  const bytes = new TextEncoder().encode(password).length
  const lower = password.toLowerCase()
  return [
    { id: 'min', label: `At least ${PASSWORD_MIN} characters`, ok: [...password].length >= PASSWORD_MIN },
    { id: 'max', label: `At most ${PASSWORD_MAX_BYTES} bytes`, ok: bytes <= PASSWORD_MAX_BYTES },
    {
      id: 'email',
      label: 'Not your e-mail address',
      ok: !email ? null : password.length > 0 && lower !== email.trim().toLowerCase()
    },
    { id: 'common', label: 'Not a well-known password', ok: password.length > 0 && !WELL_KNOWN.has(lower) }
  ]
}

export function passwordOk(password: string, email = ''): boolean {
  return passwordRules(password, email).every(r => r.ok !== false)
}

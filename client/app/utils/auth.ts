// auth.ts - pure role rules of the client (the API enforces them; these only shape the UI)
import type { User, UserRole } from '~/types'

/** useState key of the signed-in user (null = unknown or signed out) */
export const AUTH_USER_KEY = 'auth-user'

/** What a page needs: any signed-in user, an admin or the owner, or staff (no partner). */
export type Access = 'user' | 'admin' | 'staff' | 'owner'

const RANK: Record<UserRole, number> = { user: 0, admin: 1, owner: 2 }

export function isAdmin(user: User | null | undefined): boolean {
  return !!user && RANK[user.role] >= RANK.admin
}

/** Staff = the owner, or an admin without a partner: sees every partner. */
export function isStaff(user: User | null | undefined): boolean {
  return !!user && (user.role === 'owner' || (user.role === 'admin' && !user.partner))
}

export function hasAccess(user: User | null | undefined, access: Access | undefined): boolean {
  if (!user)
    return false
  switch (access ?? 'user') {
    case 'owner': return user.role === 'owner'
    case 'staff': return isStaff(user)
    case 'admin': return isAdmin(user)
    default: return true
  }
}

export const ROLE_LABELS: Record<UserRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  user: 'User'
}

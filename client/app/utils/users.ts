// users.ts - who may manage whom in the UI (mirrors docs/decisions.md; the API decides)
import type { User, UserRole } from '~/types'
import type { BadgeColor } from './status'

/** the owner manages everyone but themself; admins manage users (not admins, not the owner) */
export function canManage(me: User | null, target: User): boolean {
  if (!me || me.id === target.id || target.role === 'owner')
    return false
  return me.role === 'owner' || (me.role === 'admin' && target.role === 'user')
}

/** roles `me` may give: only the owner makes admins */
export function assignableRoles(me: User | null): UserRole[] {
  return me?.role === 'owner' ? ['admin', 'user'] : ['user']
}

/** a user's state as the admin sees it: a switched-off account is deactivated, whatever its
 * invitation status; the badge and the switch therefore always agree */
export type UserState = 'active' | 'deactivated' | 'invited'

export function userState(u: Pick<User, 'isActive' | 'status'>): UserState {
  if (!u.isActive)
    return 'deactivated'
  return u.status === 'invited' ? 'invited' : 'active'
}

export const USER_STATE_BADGES: Record<UserState, { label: string, color: BadgeColor }> = {
  active: { label: 'Active', color: 'success' },
  invited: { label: 'Invited', color: 'warning' },
  deactivated: { label: 'Deactivated', color: 'neutral' }
}

/** how a user is named in a sentence: their name, else their e-mail */
export function userLabel(u: Pick<User, 'name' | 'email'>): string {
  return u.name?.trim() ? `${u.name} (${u.email})` : u.email
}

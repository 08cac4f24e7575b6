// users.ts - who may manage whom in the UI (mirrors docs/decisions.md; the API decides)
import type { User, UserRole } from '~/types'

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

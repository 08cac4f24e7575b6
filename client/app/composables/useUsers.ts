// useUsers.ts - typed calls for user administration and the own account
import type { User, UserCreate, UserResponse, UserUpdate } from '~/types'

export function useUsers() {
  const api = useApi()
  const base = (id: string) => `/users/${encodeURIComponent(id)}`
  return {
    invite: (body: UserCreate) => api.post<User>('/users', body),
    update: (id: string, body: UserUpdate) =>
      api.patch<User>(base(id), body),
    setActive: (id: string, isActive: boolean) => api.patch<User>(`${base(id)}/status`, { isActive }),
    resendInvite: (id: string) => api.post<unknown>(`${base(id)}/resend-invite`),
    archive: (id: string) => api.delete<unknown>(base(id)),
    updateMe: (name: string) => api.patch<UserResponse>('/auth/me', { name }),
    changePassword: (currentPassword: string, newPassword: string) =>
      api.post<UserResponse>('/auth/password', { currentPassword, newPassword })
  }
}

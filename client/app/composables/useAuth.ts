// useAuth.ts - the signed-in user (GET /auth/me), shared app-wide; sign-in and sign-out
import type { SignInBody, User, UserResponse } from '~/types'

export function useAuth() {
  const api = useApi()
  const user = useState<User | null>(AUTH_USER_KEY, () => null)

  /** Loads the session's user; null when there is no session (after one refresh attempt). */
  async function load(): Promise<User | null> {
    try {
      const res = await api.request<UserResponse>('GET', '/auth/me', { redirect: false })
      user.value = res.user
    } catch (err) {
      if (!isApiError(err) || (err.status !== 401 && err.status !== 403))
        throw err
      user.value = null
    }
    return user.value
  }

  async function signIn(body: SignInBody): Promise<User> {
    const res = await api.post<UserResponse>('/auth/sign-in', body)
    user.value = res.user
    return res.user
  }

  /** After accept-invite or a password change: the API answered with the (new) session's user. */
  function setUser(next: User | null) {
    user.value = next
  }

  async function signOut(): Promise<void> {
    try {
      await api.request('POST', '/auth/sign-out', { redirect: false })
    } catch {
      // The session may already be gone; signing out locally is what matters.
    }
    user.value = null
    await navigateTo('/login')
  }

  return {
    user,
    isStaff: computed(() => isStaff(user.value)),
    isAdmin: computed(() => isAdmin(user.value)),
    isOwner: computed(() => user.value?.role === 'owner'),
    load,
    signIn,
    setUser,
    signOut
  }
}

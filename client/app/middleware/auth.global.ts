// auth.global.ts - route guard: public pages (meta.public) pass; every other page needs a session
// (GET /auth/me, refreshed once) and the role its meta.access names. Hiding is not security:
// the API enforces every rule; this only keeps people away from pages they cannot use.
export default defineNuxtRouteMiddleware(async (to) => {
  if (to.meta.public)
    return
  const auth = useAuth()
  if (!auth.user.value) {
    let user
    try {
      user = await auth.load()
    } catch (err) {
      const message = isApiError(err) ? err.message : 'Cannot load your session'
      return abortNavigation(createError({ statusCode: isApiError(err) ? err.status || 503 : 500, message }))
    }
    if (!user)
      return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { next: to.fullPath } })
  }
  if (!hasAccess(auth.user.value, to.meta.access))
    return abortNavigation(createError({ statusCode: 403, message: 'This page is not available to your role.' }))
})

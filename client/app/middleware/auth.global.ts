// auth.global.ts - route guard. For now it lets every route through; the session and role checks
// (signed-in user, minimum role per page via definePageMeta) arrive together with the auth pages.
export default defineNuxtRouteMiddleware(() => {})

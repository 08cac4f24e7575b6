// csp-ui-colors.client.ts - @nuxt/ui's colors plugin, in a client-only app, adds an inline
// <script> through useHead that removes the temporary <style data-nuxt-ui-colors> it wrote
// before the head rendered. Our CSP allows no such script (Chromium logs a violation and the
// stale style stays). This drops that script tag and does the removal itself, once the head has
// rendered the lasting <style id="nuxt-ui-colors">.
export default defineNuxtPlugin(() => {
  const head = injectHead()
  head.hooks.hook('tags:resolve', (ctx) => {
    ctx.tags = ctx.tags.filter(tag => !(tag.tag === 'script'
      && typeof tag.innerHTML === 'string' && tag.innerHTML.includes('data-nuxt-ui-colors')))
  })
  head.hooks.hook('dom:rendered', () => {
    if (document.getElementById('nuxt-ui-colors'))
      document.querySelector('style[data-nuxt-ui-colors]')?.remove()
  })
})

// app.config.ts - Nuxt UI theme; the light-mode contrast fix for primary is in assets/css/main.css
export default defineAppConfig({
  ui: {
    colors: {
      primary: 'green',
      neutral: 'zinc'
    }
  }
})

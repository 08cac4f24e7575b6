// app.config.ts - Nuxt UI theme; the light-mode contrast fix for the colours is in assets/css/main.css
export default defineAppConfig({
  ui: {
    colors: {
      primary: 'green',
      secondary: 'violet',
      info: 'sky',
      neutral: 'zinc'
    }
  }
})

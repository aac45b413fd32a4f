// The web client's build. The server's Content-Security-Policy allows scripts
// and styles from 'self' only, so nothing may be inlined into index.html.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill is injected as JavaScript into the entry chunk; every
    // browser we support has native modulepreload, so leave it out entirely.
    modulePreload: { polyfill: false },
    // Never turn small assets into data: URLs inside CSS or JS; keep them files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

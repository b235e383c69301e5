import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte()],
  // The webview loads files from the app bundle, not a server: keep asset URLs relative.
  base: './',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.40 (Debian 12) is the oldest webview the app runs in.
    target: 'safari16',
    // Tauri's CSP allows no inline scripts or styles: emit every asset as a file.
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: true },
  // Component tests mount Svelte's browser build, as the webview does.
  ...(process.env.VITEST ? { resolve: { conditions: ['browser'] } } : {}),
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});

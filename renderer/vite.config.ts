import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type InlineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * The windows' build: one page (index.html#/history, #/settings), relative asset URLs so it
 * loads from file:// inside the app, no inline script (the CSP forbids it).
 */
export function rendererBuildConfig(
  outDir = fileURLToPath(new URL('../dist/renderer', import.meta.url)),
): InlineConfig {
  return {
    root,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome130',
      // No `modulepreload` polyfill: Chromium has modulepreload, and the polyfill is inline-ish code.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: true,
    },
  }
}

export default defineConfig(rendererBuildConfig())

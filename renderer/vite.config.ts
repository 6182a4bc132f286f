// Builds the renderer for both transports: Electron loads it from app://, `pail serve` from
// http://127.0.0.1, so every asset URL is relative (base './').
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// eslint-disable-next-line no-restricted-syntax -- Vite loads its config through a default export.
export default defineConfig({
  // Resolved from this file, not the working directory, so `--config renderer/vite.config.ts` works anywhere.
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The app's CSP allows only its own files: keep scripts and styles as separate files.
    assetsInlineLimit: 0,
  },
});

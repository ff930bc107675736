// Builds the console (renderer/) into renderer/dist, served by the headless host and
// loaded by Electron. Relative base so the same build works from file:// and from http.
// A production build carries no source maps: the headless host would otherwise hand the
// console's whole source to anyone who can reach it (`vite build --mode development` keeps them).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ mode }) => ({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: mode !== 'production',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
}));

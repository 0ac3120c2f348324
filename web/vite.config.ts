import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = process.env.API_URL ?? 'http://127.0.0.1:3000';

/** The console: built into web/dist for the api role to serve; `npm run dev:web` proxies the API. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': backend, '/console-config.json': backend, '/metrics': backend } },
});

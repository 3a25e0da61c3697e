// Builds the officer web application from web/ into web/dist; the API server serves that folder at `/`.
// In development (`npx vite --config web/vite.config.ts`) API calls go to a server on port 8080, so the
// session cookie stays same-origin exactly as in production.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const config = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large vendor chunk by nature; pages are split with React.lazy.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
} satisfies UserConfig;

export default defineConfig(({ command, mode }) => {
  // A build is for officers: production React and antd even when run from a test runner (NODE_ENV=test would
  // otherwise give development builds), unless --mode development asks for one.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return config;
});

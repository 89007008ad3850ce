import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Absolute asset paths: the server answers index.html for deep links such as /tenants/x/users.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': 'http://127.0.0.1:4400' } },
});

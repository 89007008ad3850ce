import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vite reads its configuration from the default export only, hence the one default export here.
export default defineConfig({
  // Absolute asset paths: the server answers index.html for deep links such as /tenants/x/users.
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  // `npm run dev -w @allot/web` serves the console with hot reload against a local `allot serve`.
  server: { proxy: { '/v1': 'http://127.0.0.1:4400' } },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @roster/console` serves the console with hot reload and sends the API to a
// Roster started with `npm start` (ROSTER_URL, default http://127.0.0.1:4000).
const roster = process.env['ROSTER_URL'] ?? 'http://127.0.0.1:4000';

export default defineConfig({
  // Served by the server under /console/ (services/server/src/console.ts).
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, target: 'es2022', assetsInlineLimit: 0 },
  server: { proxy: { '/graphql': { target: roster, ws: true }, '/bim': roster } },
});

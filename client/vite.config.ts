// Vite build and dev server for the console. The API runs on :4000 in
// development; the dev server forwards /graphql (HTTP and WebSocket) to it so
// the console always talks to its own origin, exactly as in production where
// the server serves client/dist at `/`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = {
  '/graphql': { target: 'http://localhost:4000', ws: true, changeOrigin: true },
};

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Libraries change less often than the console: a separate chunk stays cached.
    // ECharts (and its renderer zrender) gets a chunk of its own, loaded only with
    // the first chart (components/charts/LazyEChart.tsx), or the vendor group
    // would pull it into every page load.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](?:\.pnpm[\\/])?(?:echarts|zrender)[@\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { proxy: api },
  preview: { proxy: api },
});

// The auditor console: a static single-page app the service serves at /console.
// It imports the SDK's source modules directly (`@writ/...` is ../src), so keys, read
// tokens and receipt checks are the very code the SDK ships, bundled for the browser.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  resolve: { alias: { '@writ': here('../src') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
  logLevel: 'warn',
});

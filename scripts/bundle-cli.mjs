#!/usr/bin/env node
// Bundles the CLI (src/main.ts and everything of ours it imports) into one file, dist/main.js, so
// the bin starts without resolving and linking a few hundred ES modules. Packages stay external
// (node_modules is there at run time); the library (dist/index.js and the rest) stays as tsc wrote
// it. Folders the code reads at run time (openapi/, proto/, web/) are found by walking up from the
// module, so the bundle finds them as the unbundled files do.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

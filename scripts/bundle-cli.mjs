#!/usr/bin/env node
// Bundles the CLI (src/main.ts, everything of ours it imports and the packages they use) into
// dist/main.js, so the bin starts without resolving, reading and linking a few hundred modules
// (fastify alone is ~250 CommonJS files; a bare fastify script spends most of its start loading
// them). The library (dist/index.js and the rest) stays as tsc wrote it and takes its packages from
// node_modules. Folders the code reads at run time (openapi/, proto/, web/) are found by walking up
// from the module, so the bundle finds them as the unbundled files do.
//
// Code a fresh server never runs is not in dist/main.js: V8 still has to parse every byte of the
// file it loads. Those packages are bundled on their own into dist/vendor/<name>.cjs and required
// from there on first use (LAZY below).
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

// --outdir: where main.js and vendor/ go (default dist; test/fixture/bundled-bin.test.ts bundles
// into a folder of its own). The folder must be inside the package, below its package.json.
const { values: args } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const out = resolve(root, args.outdir);

/**
 * Packages the bin requires only on first use, each bundled into dist/vendor/<file>.cjs:
 * - ajv, protobufjs, CEL: loaded through src/util/lazy.ts (first validated write of a kind, first
 *   protobuf body, first CEL rule);
 * - fastify's schema compilers (ajv, fast-json-stringify): fastify requires them when an instance
 *   is made, but calls them only for a route with a schema, which kubesim has none of; the bin gets
 *   a stand-in that requires the real one on the first call;
 * - pino and light-my-request: fastify requires them only with a logger and for inject().
 */
const LAZY = {
  ajv: 'ajv',
  protobufjs: 'protobufjs',
  '@marcbachmann/cel-js': 'cel-js',
  '@fastify/ajv-compiler': 'fastify-ajv-compiler',
  '@fastify/fast-json-stringify-compiler': 'fastify-fast-json-stringify-compiler',
  pino: 'pino',
  'light-my-request': 'light-my-request',
};
/** The ones required as soon as fastify() runs: the stand-in defers the require to the first call. */
const SELECTORS = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'];

const vendorPath = (name) => `./vendor/${LAZY[name]}.cjs`;

/**
 * src/util/lazy.ts, in the bin: the packages it loads come from dist/vendor/. (The library keeps
 * the file as it is and requires them from node_modules.)
 */
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]util[\\/]lazy\.ts$/ }, () => ({
      loader: 'js',
      contents: [
        `const vendor = ${JSON.stringify(Object.fromEntries(Object.keys(LAZY).map((id) => [id, vendorPath(id)])))};`,
        'export function lazyModule(id) {',
        '  let m;',
        '  return () => (m ??= require(vendor[id] ?? id));',
        '}',
      ].join('\n'),
    }));
  },
};

/** fastify's require of a LAZY package becomes a require of its vendor file (or of the stand-in). */
const vendorPackages = {
  name: 'vendor-packages',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY).map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
    b.onResolve({ filter }, (args) => {
      if (!args.importer.includes('node_modules')) return undefined;
      if (SELECTORS.includes(args.path)) {
        return { path: args.path, namespace: 'kubesim-selector' };
      }
      return { path: vendorPath(args.path), external: true };
    });
    // The compiler selector fastify calls with its options once per instance, returning the
    // function it calls per schema: the stand-in makes the real selector on that first call.
    b.onLoad({ filter: /.*/, namespace: 'kubesim-selector' }, (args) => ({
      loader: 'js',
      contents: [
        `let real;`,
        `const load = () => (real ??= require(${JSON.stringify(vendorPath(args.path))}));`,
        'function Selector(...opts) {',
        '  let compiler;',
        '  return function (...a) { return (compiler ??= load()(...opts)).apply(this, a); };',
        '}',
        'module.exports = Selector;',
        'module.exports.default = Selector;',
      ].join('\n'),
    }));
  },
};

// CommonJS packages require Node's built-ins (and protobufjs probes for optional ones): give the
// ES module a real require, which also resolves ./vendor/ beside dist/main.js.
const requireBanner = "import { createRequire as __kubesimCreateRequire } from 'node:module';\nconst require = __kubesimCreateRequire(import.meta.url);";

rmSync(`${out}/vendor`, { recursive: true, force: true });
mkdirSync(`${out}/vendor`, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: `${out}/main.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: requireBanner },
  plugins: [lazyModules, vendorPackages],
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});

await Promise.all(Object.entries(LAZY).map(([pkg, file]) => build({
  stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root, loader: 'js' },
  absWorkingDir: root,
  outfile: `${out}/vendor/${file}.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
})));

#!/usr/bin/env node
// Builds what npm runs from dist/ after tsc (npm run build):
// - the bin: the CLI (src/main.ts, everything of ours it imports and the packages they use) bundled
//   into one CommonJS file, dist/bin.cjs, run by dist/main.js (scripts/bin-loader.mjs) with a V8
//   code cache made here, dist/bin.cache. A cold start then neither resolves, reads and links a few
//   hundred modules (fastify alone is ~250 CommonJS files; a bare fastify script spends most of its
//   start loading them) nor parses and compiles them. Code a fresh server never runs is not in
//   bin.cjs (V8 would still parse every byte): those packages are bundled on their own into
//   dist/vendor/<name>.cjs and required from there on first use (LAZY below);
// - the library entry, dist/index.js: our modules in one file, packages from node_modules.
// Folders the code reads at run time (openapi/, proto/, web/) are found by walking up from the
// module, from the bundles as from the unbundled files.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Script } from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));

// --outdir: where index.js, main.js, bin.cjs, bin.cache and vendor/ go (default dist;
// test/fixture/bundled-bin.test.ts builds into a folder of its own). It must be inside the package,
// below its package.json.
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

rmSync(`${out}/vendor`, { recursive: true, force: true });
mkdirSync(`${out}/vendor`, { recursive: true });

const bundle = await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: `${out}/bin.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The few modules that find their folders from import.meta.url get the CommonJS equivalent (an
  // injected module rather than a banner, which would come before "use strict" and undo it).
  define: { 'import.meta.url': 'kubesimModuleUrl' },
  inject: [fileURLToPath(new URL('bin-module-url.mjs', import.meta.url))],
  plugins: [lazyModules, vendorPackages],
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  write: false,
});
for (const f of bundle.outputFiles) {
  if (f.path.endsWith('.map')) writeFileSync(f.path, f.contents);
  else writeFileSync(f.path, asciiScript(f.text));
}

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

// The library, dist/index.js: our modules in one file (linking ~300 ES modules was most of an
// import's cost), its packages still imported from node_modules, where a user's project may share
// them. The declarations (dist/*.d.ts) stay as tsc wrote them.
await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: `${out}/index.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});

// The bin is the loader (tsc writes declarations only; a main.js.map an older build left goes).
copyFileSync(fileURLToPath(new URL('bin-loader.mjs', import.meta.url)), `${out}/main.js`);
rmSync(`${out}/main.js.map`, { force: true });
await writeCodeCache();

/**
 * The bundle as a script V8 takes whole: its hashbang line commented out (same length, so the
 * source map still fits) and every non-ASCII character (esbuild leaves a few in comments and regular
 * expressions) as a \u escape, so the loader can read the file as latin1, much faster than UTF-8.
 */
function asciiScript(text) {
  const ascii = text.replace(/^#!/, '//').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (!/^[\x00-\x7f]*$/.test(ascii)) throw new Error('bin.cjs is not ASCII');
  return ascii;
}

/**
 * dist/bin.cache: V8's code cache for bin.cjs, made by a start of the bin (port 0, loopback) that
 * answers /readyz and stops, so it holds the functions a start runs as well as the parsed script.
 * Where no server can start here, a cache of the parsed script alone (no function bodies) is made
 * instead: most of the gain, without running anything.
 */
async function writeCodeCache() {
  const bytes = readFileSync(`${out}/bin.cjs`);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const cacheFile = `${out}/bin.cache`;
  rmSync(cacheFile, { force: true });
  try {
    await startAndStop(cacheFile);
    if (readFileSync(cacheFile).toString('latin1', 0, hash.length) !== hash) throw new Error('the start wrote a cache of other bytes');
  } catch (e) {
    process.stderr.write(`bundle-cli: code cache from the parsed script only (a start of the bin failed: ${e.message})\n`);
    const { head, tail } = loaderWrapper();
    const script = new Script(head + bytes.toString('latin1') + tail, { filename: `${out}/bin.cjs` });
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${hash}\n`), script.createCachedData()]));
  }
}

/** The wrapper the loader puts around bin.cjs (a cache fits only the exact source V8 compiled). */
function loaderWrapper() {
  const text = readFileSync(fileURLToPath(new URL('bin-loader.mjs', import.meta.url)), 'utf8');
  const head = /^const HEAD = '(.*)';$/m.exec(text)?.[1];
  const tail = /^const TAIL = '(.*)';$/m.exec(text)?.[1];
  if (head === undefined || tail === undefined) throw new Error('scripts/bin-loader.mjs: no HEAD/TAIL');
  return { head, tail: tail.replace(/\\n/g, '\n') };
}

function startAndStop(cacheFile) {
  return new Promise((resolvePromise, reject) => {
    // A plain start: no external cluster (KUBESIM_EXTERNAL_KUBECONFIG), no extra V8 flags (V8
    // refuses a cache made with other flags).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KUBESIM_') && k !== 'NODE_OPTIONS'));
    const child = spawn(process.execPath, [`${out}/main.js`, '--port', '0', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, KUBESIM_BUILD_CODE_CACHE: cacheFile },
    });
    let stdout = '';
    let stderr = '';
    let asked = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', async (d) => {
      stdout += d;
      const m = /serving on (\S+)/.exec(stdout);
      if (!m || asked) return;
      asked = true;
      try {
        await (await fetch(`${m[1]}/readyz`)).text();
      } finally {
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`exit ${code ?? signal}: ${stderr.trim().split('\n')[0] ?? ''}`));
    });
  });
}

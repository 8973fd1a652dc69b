#!/usr/bin/env node
// The kubesim bin (copied to dist/main.js by scripts/bundle-cli.mjs). It runs dist/bin.cjs, the CLI
// bundled with its packages, through V8 with the code cache the build made for it (dist/bin.cache):
// V8 then neither parses the 2 MB bundle nor compiles the functions a start runs, which is most of
// a cold start's CPU. The cache is used only for the exact bytes it was made from (its header is
// their SHA-256) and V8 refuses one from another V8 version or with other flags; without a usable
// cache the bundle is compiled from source, as a CommonJS module would be.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BIN = fileURLToPath(new URL('./bin.cjs', import.meta.url));
const CACHE = fileURLToPath(new URL('./bin.cache', import.meta.url));
// The CommonJS wrapper, on the bundle's first line so line numbers in stack traces stay right.
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n})';

const bytes = readFileSync(BIN);
const hash = createHash('sha256').update(bytes).digest('hex');
let cachedData;
try {
  const cache = readFileSync(CACHE);
  if (cache.toString('latin1', 0, hash.length) === hash) cachedData = cache.subarray(hash.length + 1);
} catch {
  // No cache: compile from source.
}
// The build checked that the bundle it hashed is ASCII: latin1 is then the same text, read ~8x faster.
const source = bytes.toString(cachedData ? 'latin1' : 'utf8');
const script = new Script(HEAD + source + TAIL, { filename: BIN, cachedData });

// scripts/bundle-cli.mjs makes the cache by running a start with this set, so the cache also holds
// the functions a start compiles; it is written when that process exits.
const cacheOut = process.env.KUBESIM_BUILD_CODE_CACHE;
if (cacheOut) process.once('exit', () => writeFileSync(cacheOut, Buffer.concat([Buffer.from(`${hash}\n`), script.createCachedData()])));

const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(BIN), module, BIN, dirname(BIN));

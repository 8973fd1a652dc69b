// Injected into dist/bin.cjs by scripts/bundle-cli.mjs: what import.meta.url is in the bundle.
/* global __filename */
export const kubesimModuleUrl = require('node:url').pathToFileURL(__filename).href;

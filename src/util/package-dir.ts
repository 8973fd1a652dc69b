// The folders kubesim ships beside its package.json (openapi/, proto/, web/), found by walking up
// from the calling module: the same from src/ (tests), dist/ (the library) and the bundled CLI.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<package root>/<name>`, where the root is the nearest folder above `moduleUrl` with package.json and `name/marker`. */
export function packageDir(moduleUrl: string, name: string, marker = ''): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, name, marker)) && existsSync(join(dir, 'package.json'))) return join(dir, name);
    dir = dirname(dir);
  }
  throw new Error(`${name}/ not found above ${fileURLToPath(moduleUrl)}`);
}

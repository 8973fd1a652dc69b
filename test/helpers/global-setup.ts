// vitest globalSetup: make sure a real kubectl v1.35 is there for the end-to-end suite.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { INSTALL_SCRIPT, KUBECTL_DIR, kubectlPath } from './kubectl.js';

export default function setup(): void {
  if (kubectlPath()) return;
  if (!existsSync(INSTALL_SCRIPT)) {
    process.stderr.write(`kubesim tests: no kubectl and no ${INSTALL_SCRIPT}; kubectl tests will fail\n`);
    return;
  }
  const path = execFileSync('bash', [INSTALL_SCRIPT, KUBECTL_DIR], { encoding: 'utf8', timeout: 300_000 }).trim();
  process.env.KUBECTL = path;
}

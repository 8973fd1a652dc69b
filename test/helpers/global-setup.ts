// vitest globalSetup: make sure a real kubectl v1.35 (and helm v4) are there for the end-to-end suite.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { INSTALL_SCRIPT, KUBECTL_DIR, kubectlPath } from './kubectl.js';
import { HELM_INSTALL_SCRIPT, helmPath } from './helm.js';

export default function setup(): void {
  if (!helmPath() && existsSync(HELM_INSTALL_SCRIPT)) {
    try {
      process.env.HELM = execFileSync('bash', [HELM_INSTALL_SCRIPT, KUBECTL_DIR], { encoding: 'utf8', timeout: 300_000 }).trim();
    } catch (e) {
      process.stderr.write(`kubesim tests: helm could not be installed (${(e as Error).message}); helm tests will fail\n`);
    }
  }
  if (kubectlPath()) return;
  if (!existsSync(INSTALL_SCRIPT)) {
    process.stderr.write(`kubesim tests: no kubectl and no ${INSTALL_SCRIPT}; kubectl tests will fail\n`);
    return;
  }
  const path = execFileSync('bash', [INSTALL_SCRIPT, KUBECTL_DIR], { encoding: 'utf8', timeout: 300_000 }).trim();
  process.env.KUBECTL = path;
}

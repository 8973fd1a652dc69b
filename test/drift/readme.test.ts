// Keeps the README, the flag table, the served kinds and the OpenAPI documents in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { FLAGS, helpText } from '../../src/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README and code stay in step', () => {
  it('documents every CLI flag, and --help lists them all', () => {
    const table = readme.slice(readme.indexOf('<!-- flags:begin -->'), readme.indexOf('<!-- flags:end -->'));
    const help = helpText();
    for (const f of FLAGS) {
      expect(table, `README flag table lacks --${f.name}`).toContain(`\`--${f.name}`);
      expect(help).toContain(`--${f.name}`);
    }
  });

  it('lists every served kind in the supported-kinds table, and each has an OpenAPI schema', async () => {
    const sim = await buildApp({ seed: 1 });
    try {
      const table = readme.slice(readme.indexOf('## What is supported'));
      for (const s of sim.registry.strategies()) {
        const gv = s.info.group ? `${s.info.group}/${s.info.version}` : s.info.version;
        expect(table, `${s.info.kind} ${gv}`).toMatch(new RegExp(`\\| ${s.info.kind} \\| ${gv.replace(/\./g, '\\.')} \\|`));
        expect(sim.openapi.validator(gv, s.info.kind), `schema for ${gv} ${s.info.kind}`).toBeDefined();
      }
    } finally {
      await sim.app.close();
    }
  });
});

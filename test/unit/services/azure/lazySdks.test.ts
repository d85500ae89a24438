// The Azure SDKs (and node-forge) stay out of the bundle VS Code reads at activation (issue 14):
// src/ imports them as types only, and each src/services/azure/sdks/ module, built into a file of
// its own (esbuild.mjs), is required where it is first needed and is packaged.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const sdkDir = join(root, 'src/services/azure/sdks');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('services/azure/sdks: SDKs loaded on first use', () => {
  const lazyPackages = /^(@azure\/arm-[\w-]+|@azure\/identity|node-forge)$/;
  const sdkModules = readdirSync(sdkDir).filter((f) => f.endsWith('.ts'));

  it('src/ imports the lazily loaded packages as types only, outside sdks/', () => {
    const valueImports: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      if (file.startsWith(sdkDir)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
        if (m[2] === undefined && lazyPackages.test(m[3])) valueImports.push(`${file.slice(root.length + 1)}: ${m[3]}`);
      }
    }
    assert.deepEqual(valueImports, []);
  });

  it('each sdks/ module re-exports one lazily loaded package and is required by name', () => {
    assert.ok(sdkModules.length >= 7, sdkModules.join(', '));
    const requires = sourceFiles(join(root, 'src/services/azure'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const f of sdkModules) {
      const text = readFileSync(join(sdkDir, f), 'utf8');
      const from = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      assert.equal(from.length, 1, f);
      assert.match(from[0], lazyPackages, f);
      assert.ok(requires.includes(`require('./sdks/${f.replace(/\.ts$/, '')}')`), `${f} is required`);
    }
  });

  it('the .vsix carries dist/sdks/', () => {
    assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!dist\/sdks\/\*\.js$/m);
  });
});

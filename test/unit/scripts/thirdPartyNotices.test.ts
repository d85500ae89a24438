import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { missingLicences, packageDirs, readPackage, renderNotices, shippedInputs } from '../../../scripts/thirdPartyNotices';

describe('third-party notices (scripts/thirdPartyNotices.ts)', () => {
  it('finds each bundled package folder once, scoped and nested ones included, and leaves our sources out', () => {
    const dirs = packageDirs([
      'node_modules/@azure/core-client/dist/commonjs/index.js',
      'node_modules/@azure/core-client/dist/commonjs/pipeline.js',
      'node_modules/open/node_modules/is-wsl/index.js',
      'node_modules/tslib/tslib.js',
      'src/extension.ts',
      'node_modules/@scope',
    ]);
    assert.deepEqual(dirs, ['node_modules/@azure/core-client', 'node_modules/open/node_modules/is-wsl', 'node_modules/tslib']);
  });

  it('counts only the inputs whose code reached an output', () => {
    const inputs = shippedInputs({
      outputs: {
        'dist/extension.js': { inputs: { 'node_modules/a/index.js': { bytesInOutput: 120 }, 'node_modules/tabbable/index.js': { bytesInOutput: 0 } } },
        'dist/sdks/x.js': { inputs: { 'node_modules/b/x.js': { bytesInOutput: 5 } } },
      },
    });
    assert.deepEqual(inputs, ['node_modules/a/index.js', 'node_modules/b/x.js']);
  });

  it('reads a package licence file with its copyright line, and says so when there is none', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'notices-'));
    try {
      const withFile = path.join(root, 'a');
      const without = path.join(root, 'b');
      mkdirSync(withFile);
      mkdirSync(without);
      writeFileSync(
        path.join(withFile, 'package.json'),
        JSON.stringify({ name: 'a', version: '1.0.0', license: 'BSD-3-Clause', repository: { url: 'git+https://example.org/a.git' } }),
      );
      writeFileSync(path.join(withFile, 'LICENSE.md'), 'Copyright (c) 2020 A\r\n\r\nRedistribution ...\r\n');
      writeFileSync(path.join(withFile, 'NOTICES'), 'Third party: x');
      writeFileSync(path.join(without, 'package.json'), JSON.stringify({ name: 'b', version: '2.0.0', license: 'MIT', author: { name: 'B Person' } }));
      const a = readPackage(withFile);
      const b = readPackage(without);
      assert.deepEqual(a, {
        name: 'a',
        version: '1.0.0',
        licence: 'BSD-3-Clause',
        text: 'Copyright (c) 2020 A\n\nRedistribution ...\n\nThird party: x',
        source: 'https://example.org/a.git',
      });
      const text = renderNotices([b, a, a]);
      assert.match(text, /^- a 1\.0\.0 \(BSD-3-Clause\)\n- b 2\.0\.0 \(MIT\)$/m);
      assert.equal(text.split('Copyright (c) 2020 A').length, 2, 'a package listed twice is written once');
      assert.match(
        text,
        /b 2\.0\.0\nLicence: MIT\n\nThe package ships no licence file; its package.json declares the licence MIT and the author B Person\.\n\nCopyright \(c\) B Person\n\nPermission is hereby granted/,
      );
      assert.deepEqual(missingLicences([a, b, { name: 'c', version: '0.1.0', licence: '' }]), ['c@0.1.0']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names the licence chosen for a dual-licensed package', () => {
    const text = renderNotices([{ name: 'node-forge', version: '1.4.3', licence: '(BSD-3-Clause OR GPL-2.0)', text: 'x' }]);
    assert.match(text, /^- node-forge 1\.4\.3 \(BSD-3-Clause, chosen from \(BSD-3-Clause OR GPL-2\.0\)\)$/m);
  });

  it('the .vsix carries the notices and every build writes them', () => {
    const root = path.resolve(__dirname, '../../..');
    const read = (f: string): string => readFileSync(path.join(root, f), 'utf8');
    assert.match(read('.vscodeignore'), /^!dist\/ThirdPartyNotices\.txt$/m);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const s of ['build', 'vscode:prepublish']) assert.match(scripts[s], /esbuild\.mjs.*&& tsx scripts\/thirdPartyNotices\.ts$/, s);
  });
});

// Every relative link and picture in the project's documents (README.md, CONTRIBUTING.md,
// docs/*.md) points at a file of the repository, and every `#anchor` at a heading of its target:
// moving text between these files must not leave a dead link behind. The README ships as the
// Marketplace page, so its pictures must also be files the .vsix carries.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { githubSlugs, markdownHeadings, markdownLinks } from './markdownLinks';

const ROOT = resolve(__dirname, '..', '..', '..');

function documents(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', 'CONTRIBUTING.md', ...docs.sort()];
}

function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

describe('markdownLinks: the links of a markdown text', () => {
  it('finds links, pictures, titles and reference definitions, with their lines', () => {
    const text = [
      '# Title',
      'See [the lab](docs/lab.md) and ![a picture](docs/images/a.png "its title").',
      'Angle brackets: [x](<docs/with space.md>), an anchor [y](#title), a site [z](https://example.com).',
      '[ref]: CONTRIBUTING.md#build',
    ].join('\n');
    assert.deepEqual(markdownLinks(text), [
      { target: 'docs/lab.md', line: 2 },
      { target: 'docs/images/a.png', line: 2 },
      { target: 'docs/with space.md', line: 3 },
      { target: '#title', line: 3 },
      { target: 'https://example.com', line: 3 },
      { target: 'CONTRIBUTING.md#build', line: 4 },
    ]);
  });

  it('ignores what is inside fenced code blocks and code spans', () => {
    const text = ['```md', '[not a link](missing.md)', '```', 'Text `[code](missing2.md)` and [real](real.md).'].join('\n');
    assert.deepEqual(markdownLinks(text), [{ target: 'real.md', line: 4 }]);
  });
});

describe('githubSlugs: the anchors GitHub gives headings', () => {
  it('lower-cases, drops punctuation and code marks, joins words with hyphens, numbers repeats', () => {
    const text = ['# The ASR lab (`lab/`)', '## Build, lint and test', "## The README's pictures", '## Settings', '## Settings', '```', '# not a heading', '```'].join('\n');
    assert.deepEqual(markdownHeadings(text), ['The ASR lab (`lab/`)', 'Build, lint and test', "The README's pictures", 'Settings', 'Settings']);
    assert.deepEqual([...githubSlugs(text)], ['the-asr-lab-lab', 'build-lint-and-test', 'the-readmes-pictures', 'settings', 'settings-1']);
  });
});

describe('the project documents', () => {
  it('exist: the README, CONTRIBUTING.md, and docs/ with the architecture, testing and lab pages', () => {
    for (const file of ['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/testing.md', 'docs/lab.md', 'docs/azure-fidelity.md']) {
      assert.ok(existsSync(join(ROOT, file)), `${file} is missing`);
    }
  });

  it('link only to files that exist inside the repository, and to headings that exist', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of documents()) {
      for (const { target, line } of markdownLinks(read(file))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, vscode: …
        checked++;
        const hash = target.indexOf('#');
        const pathPart = hash < 0 ? target : target.slice(0, hash);
        const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
        const where = `${file}:${line} → ${target}`;
        const absolute = pathPart === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(pathPart));
        const inRepo = relative(ROOT, absolute);
        if (inRepo.startsWith('..') || inRepo.split(sep)[0] === 'node_modules') {
          problems.push(`${where}: outside the repository`);
          continue;
        }
        if (!existsSync(absolute)) {
          problems.push(`${where}: no such file`);
          continue;
        }
        if (anchor !== undefined && absolute.endsWith('.md') && !githubSlugs(readFileSync(absolute, 'utf8')).has(anchor)) {
          problems.push(`${where}: no heading with that anchor`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(checked >= 20, `only ${checked} relative links were found: is the parser still reading the documents?`);
  });

  it("README's pictures are under docs/images/, which the .vsix carries", () => {
    const pictures = markdownLinks(read('README.md'))
      .map((l) => l.target)
      .filter((t) => /\.(png|jpe?g|gif|svg)$/i.test(t));
    assert.ok(pictures.length >= 5, `the README shows ${pictures.length} pictures`);
    const ignore = read('.vscodeignore')
      .split('\n')
      .map((l) => l.trim());
    assert.ok(ignore.includes('!docs/images/**'), '.vscodeignore no longer keeps docs/images/ in the .vsix');
    for (const picture of pictures) assert.match(picture, /^docs\/images\/[^/]+$/, `${picture} is not shipped in the .vsix`);
  });
});

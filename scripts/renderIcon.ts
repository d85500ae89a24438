/**
 * Renders the extension's marketplace icon, media/icon.svg, to media/icon.png (128×128, transparent
 * background) with Debian's Chromium through playwright-core. Offline; run it again after editing
 * the SVG:
 *
 *   npx tsx scripts/renderIcon.ts [input.svg] [output.png] [size]
 *
 * The SVG is the source; only the PNG goes into the .vsix (vsce refuses SVG icons).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const [input = path.join(root, 'media', 'icon.svg'), output = path.join(root, 'media', 'icon.png'), sizeArg = '128'] = process.argv.slice(2);
  const size = Number(sizeArg);
  if (!Number.isInteger(size) || size < 16 || size > 1024) {
    throw new Error(`size must be an integer from 16 to 1024, not "${sizeArg}"`);
  }
  const svg = await readFile(input, 'utf8');
  if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg)) {
    throw new Error(`${input} does not start with an <svg> element`);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    // The SVG is scaled to the whole viewport whatever its own width and height say.
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}` +
        `svg{display:block;width:${size}px;height:${size}px}</style></head><body>${svg}</body></html>`,
    );
    await page.screenshot({ path: output, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  } finally {
    await browser.close();
  }
  console.log(`${path.relative(process.cwd(), output) || output}: ${size}x${size} from ${path.relative(process.cwd(), input) || input}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});

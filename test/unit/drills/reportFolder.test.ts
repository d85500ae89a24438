import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { existingReportFiles, reportFilesIn, resolveReportFolder, writeReportFiles } from '../../../src/drills/reportFolder';

describe('drill report folder', () => {
  let dir: string;
  const content = { markdown: '# report\n', html: '<!DOCTYPE html>\n' };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asr-reports-'));
  });

  afterEach(async () => {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the default when not set, an absolute path as it is, ~ from the home folder, a relative one from the first workspace folder', () => {
    const def = join(dir, 'default');
    assert.deepEqual(resolveReportFolder('', ['/ws'], def), { folder: def });
    assert.deepEqual(resolveReportFolder('  ', [], def), { folder: def });
    assert.deepEqual(resolveReportFolder('/srv/dr/reports/', ['/ws'], def), { folder: '/srv/dr/reports/' });
    assert.deepEqual(resolveReportFolder('~/dr', [], def), { folder: join(homedir(), 'dr') });
    assert.deepEqual(resolveReportFolder('docs/drills', ['/ws', '/other'], def), { folder: '/ws/docs/drills' });
  });

  it('says why a relative path cannot be used when no workspace folder is open, and takes the default', () => {
    const r = resolveReportFolder('docs/drills', [], '/def');
    assert.equal(r.folder, '/def');
    assert.equal(r.problem, 'azureSiteRecovery.drills.reportFolder is the relative path "docs/drills", but no workspace folder is open.');
  });

  it('writes <drill id>.md and <drill id>.html into the configured folder, creating it', async () => {
    const written = await writeReportFiles({ setting: join(dir, 'reports', 'dr'), workspaceFolders: [], defaultFolder: join(dir, 'default') }, 'd1', content);
    assert.deepEqual(written, { files: { markdown: join(dir, 'reports', 'dr', 'd1.md'), html: join(dir, 'reports', 'dr', 'd1.html') } });
    assert.equal(await readFile(written.files.markdown, 'utf8'), content.markdown);
    assert.equal(await readFile(written.files.html, 'utf8'), content.html);
  });

  it('writes to the default folder when the configured one cannot be written to, and says so: nothing lost', async () => {
    const blocked = join(dir, 'file-not-folder');
    await writeFile(blocked, 'x', 'utf8');
    const def = join(dir, 'default');
    const written = await writeReportFiles({ setting: join(blocked, 'reports'), workspaceFolders: [], defaultFolder: def }, 'd2', content);
    assert.deepEqual(written.files, reportFilesIn(def, 'd2'));
    assert.match(
      written.warning ?? '',
      new RegExp(`^The drill report could not be written to .*file-not-folder.reports \\(azureSiteRecovery\\.drills\\.reportFolder\\): .+ It was written to .*default instead\\.$`),
    );
    assert.equal(await readFile(written.files.markdown, 'utf8'), content.markdown);
    const relative = await writeReportFiles({ setting: 'rel', workspaceFolders: [], defaultFolder: def }, 'd3', content);
    assert.match(relative.warning ?? '', /no workspace folder is open\. It was written to .*default instead\.$/);
  });

  it('finds a report where it was written, in the first folder that has both files', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await writeReportFiles({ setting: b, workspaceFolders: [], defaultFolder: a }, 'd4', content);
    assert.deepEqual(await existingReportFiles([a, b], 'd4'), reportFilesIn(b, 'd4'));
    await rm(reportFilesIn(b, 'd4').html);
    assert.equal(await existingReportFiles([a, b], 'd4'), undefined);
  });
});

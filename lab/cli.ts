/**
 * `npm run lab -- --port 0 --scenario essentials [--speed N] [--faults SPEC] [--page-size N]`
 * Prints exactly one JSON line on stdout when ready and serves until SIGINT or SIGTERM.
 */
import { labInfo, startLab, type LabOptions } from './index';

function parseArgs(argv: string[]): LabOptions {
  const options: LabOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const num = (name: string): number => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
      return n;
    };
    switch (arg) {
      case '--port':
        options.port = num('--port');
        break;
      case '--scenario':
        options.scenario = value();
        break;
      case '--speed':
        options.speed = num('--speed');
        if (options.speed <= 0) throw new Error('--speed must be greater than 0');
        break;
      case '--faults':
        options.faults = value();
        break;
      case '--page-size':
        options.pageSize = num('--page-size');
        if (options.pageSize < 1) throw new Error('--page-size must be at least 1');
        break;
      default:
        throw new Error(`Unknown option ${arg}. Usage: npm run lab -- --port 0 --scenario essentials [--speed N] [--faults SPEC] [--page-size N]`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: LabOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`asr-lab: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const lab = await startLab(options);
  process.stdout.write(`${JSON.stringify(labInfo(lab))}\n`);
  const stop = (): void => {
    void lab.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`asr-lab: ${(e as Error).message}\n`);
  process.exit(1);
});

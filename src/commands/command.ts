import type { CommandContext } from './context';

/** One command: its id and what it does (src/commands has one file per command). */
export interface CommandSpec {
  id: string;
  run(ctx: CommandContext, arg?: unknown): Promise<void>;
}

import type { CommandSpec } from './command';

export const showLogCommand: CommandSpec = {
  id: 'azureSiteRecovery.showLog',
  run(ctx) {
    ctx.log.show();
    return Promise.resolve();
  },
};

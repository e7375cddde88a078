/** Tend on Discord: the adapter, and the command registration the CLI runs. */
export { createDiscordAdapter, type DiscordAdapterOptions } from './adapter.js';
export {
  deployCommands,
  runDiscordDeploy,
  type DeployIo,
  type DeployOptions,
  type DeployResult,
} from './deploy.js';

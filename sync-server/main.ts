// Entry point: an admin command (enrol, revoke, devices, backup, restore) when one is given, otherwise start the server.
import { commands, runCommand, UsageError, type Command } from './cli.js';
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';
import { BackupError } from './store/backup.js';
import { StoreError } from './store/relay-store.js';
import { StoreUnusableError } from './store/store-damage.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const [command, ...args] = process.argv.slice(2);
  if (command !== undefined) {
    if (!commands.includes(command as Command)) throw new UsageError(`Unknown command "${command}".`);
    await runCommand(command as Command, args, config, (line) => console.log(line));
    return;
  }
  const server = await startServer(config);
  // Tests and people both read this line: keep its shape.
  console.log(`Baseroom running at ${server.url}`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const explained = [ConfigError, UsageError, StoreUnusableError, BackupError, StoreError].some((kind) => err instanceof kind);
  console.error(explained ? (err as Error).message : err);
  process.exit(1);
});

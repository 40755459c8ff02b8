// Admin commands run beside the relay on the same DATA_DIR: enrol a device, revoke it, list devices, back up and restore.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RelayConfig } from './config.js';
import { isValidId, type DeviceRole, type DeviceScope } from './doc-names.js';
import { enrolDevice } from './auth/pairing.js';
import { backupStore, restoreStore } from './store/backup.js';
import { openSharedStore } from './store/open-shared-store.js';
import type { DeviceRecord } from './store/relay-store.js';
import { defaultSchool } from './store/shared-store.js';
import { schoolBasePath } from './school-path.js';
import { readSchoolLists, unknownInScope } from './school-lists.js';

export const commands = ['enrol', 'revoke', 'devices', 'backup', 'restore'] as const;
export type Command = (typeof commands)[number];

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\nUsage:
  npm run relay -- enrol --role supervisor --room <roomId> [--name "Front desk tablet"]
  npm run relay -- enrol --role offsite --provider <id> [--provider <id> ...] [--name ...]
  npm run relay -- enrol --role coordinator [--name ...]
  npm run relay -- revoke <deviceId>
  npm run relay -- devices
  (enrol, revoke and devices take --school <id> on a shared store, DATABASE_URL; the default school otherwise)
  npm run relay -- backup <file>      (while the relay runs or not)
  npm run relay -- restore <file>     (with the relay stopped)`);
    this.name = 'UsageError';
  }
}

function scopeFor(role: string | undefined, room: string | undefined, providers: string[]): { role: DeviceRole; scope: DeviceScope } {
  const checkId = (id: string, what: string) => {
    if (!isValidId(id)) throw new UsageError(`${what} "${id}" must be 1-64 of a-z, 0-9 and -.`);
  };
  if (role === 'supervisor') {
    if (!room || providers.length > 0) throw new UsageError('A supervisor needs --room and no --provider.');
    checkId(room, 'Room');
    return { role, scope: { kind: 'room', room } };
  }
  if (role === 'offsite') {
    if (providers.length === 0 || room) throw new UsageError('An off-site device needs --provider and no --room.');
    providers.forEach((p) => checkId(p, 'Provider'));
    return { role, scope: { kind: 'providers', providers } };
  }
  if (role === 'coordinator') {
    if (room || providers.length > 0) throw new UsageError('A coordinator sees everything: no --room or --provider.');
    return { role, scope: { kind: 'all' } };
  }
  throw new UsageError('--role must be supervisor, offsite or coordinator.');
}

const describeScope = (s: DeviceScope) =>
  s.kind === 'all' ? 'all documents' : s.kind === 'room' ? `room ${s.room}` : `providers ${s.providers.join(', ')}`;

const describeDevice = (d: DeviceRecord) =>
  [
    d.deviceId.padEnd(16),
    d.role.padEnd(12),
    describeScope(d.scope).padEnd(24),
    (d.revokedAt !== null ? 'revoked' : d.pairedAt !== null ? 'paired' : 'awaiting pairing').padEnd(18),
    (d.lastSeenAt ? `last contact ${new Date(d.lastSeenAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'no contact yet').padEnd(30),
    d.name ?? '',
  ].join(' ').trimEnd();

/** The one file argument of backup and restore. */
function fileArgument(command: Command, args: string[]): string {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`${command} takes one file.`);
  return path.resolve(positionals[0]);
}

export async function runCommand(command: Command, args: string[], config: RelayConfig, out: (line: string) => void): Promise<void> {
  if (command === 'backup') {
    const file = fileArgument(command, args);
    await backupStore(config.dataDir, file);
    out(`Backed up the relay's store to ${file} (checked; readable by this user only).`);
    out('Keep copies in two other places, one of them off site. The token-secret file in DATA_DIR never changes: copy it once beside them.');
    return;
  }
  if (command === 'restore') {
    const file = fileArgument(command, args);
    const aside = restoreStore(config.dataDir, file);
    out(`Restored the relay's store from ${file}.`);
    if (aside) out(`The store it replaced is kept as ${aside} (delete it once the relay works again).`);
    out('Start the relay: paired devices send back every change made since the backup.');
    return;
  }
  // --school may come anywhere among the arguments; it is taken out before each command reads its own.
  let schoolArgs;
  try {
    schoolArgs = parseArgs({ args, options: { school: { type: 'string' } }, strict: false, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const school = typeof schoolArgs.values.school === 'string' ? schoolArgs.values.school : defaultSchool;
  if (!isValidId(school)) throw new UsageError(`School "${school}" must be 1-64 of a-z, 0-9 and -.`);
  if (school !== defaultSchool && !config.databaseUrl) throw new UsageError('--school needs the shared store: set DATABASE_URL (and TOKEN_SECRET).');
  args = withoutSchool(args);
  const shared = await openSharedStore(config);
  const store = shared.forSchool(school);
  try {
    if (command === 'enrol') {
      const { values } = parseArgs({
        args,
        options: { role: { type: 'string' }, room: { type: 'string' }, provider: { type: 'string', multiple: true }, name: { type: 'string' } },
      });
      const { role, scope } = scopeFor(values.role, values.room, values.provider ?? []);
      // A device for a room or provider the school does not have could never sync: refuse it now, saying which exist.
      const unknown = unknownInScope(scope, await readSchoolLists(store));
      if (unknown) throw new UsageError(unknown);
      const { device, code, expiresAt } = await enrolDevice(store, { role, scope, name: values.name ?? null });
      await store.appendAudit({ at: Date.now(), deviceId: device.deviceId, docName: '', action: 'enrolled', detail: 'by the command line' });
      out(`Enrolled device ${device.deviceId} (${role}, ${describeScope(scope)})${device.name ? ` "${device.name}"` : ''}${school === defaultSchool ? '' : ` in school ${school}`}.`);
      out(`Pairing code: ${code}`);
      out(`Enter it once on the device; it expires ${new Date(expiresAt).toISOString()}.`);
      // The code is known only at its own school's address: say which one the device must open.
      if (school !== defaultSchool) out(`Pair at the school's own Baseroom address: the relay's ${schoolBasePath(school)}/ (the code is unknown at any other).`);
    } else if (command === 'revoke') {
      const { positionals } = parseArgs({ args, allowPositionals: true });
      const deviceId = positionals[0];
      if (!deviceId || positionals.length !== 1) throw new UsageError('revoke takes one device id.');
      if (!(await store.revokeDevice(deviceId, Date.now()))) throw new UsageError(`No device ${deviceId}.`);
      await store.appendAudit({ at: Date.now(), deviceId, docName: '', action: 'revoked', detail: 'by the command line' });
      out(`Revoked ${deviceId}: a running relay closes its connections within a second, and it cannot reconnect.`);
    } else {
      parseArgs({ args });
      const devices = await store.listDevices();
      out(devices.length === 0 ? 'No devices enrolled.' : devices.map(describeDevice).join('\n'));
    }
  } catch (err) {
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message);
    throw err;
  } finally {
    await shared.close();
  }
}

/** The arguments without `--school <id>` / `--school=<id>`. */
function withoutSchool(args: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--school') i++;
    else if (!args[i]!.startsWith('--school=')) rest.push(args[i]!);
  }
  return rest;
}

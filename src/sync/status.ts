// Sync status as the user sees it: reduced from each document's connection and acknowledgement, and worded.
import { parseDocName } from '../docs/names';
import { formatDayLabel } from '../domain/time';

/** 'idle': not connected on purpose (waiting for a place in the connection pool, or already in step with the relay). */
export type DocConnectionState = 'connecting' | 'connected' | 'offline' | 'idle';

export interface DocSyncState {
  name: string;
  connection: DocConnectionState;
  /** The relay acknowledged every local change of this document. */
  safe: boolean;
  /** When the relay last confirmed what it holds of this document (kept across reloads). */
  ackedAt?: Date | null;
  /** The relay refused a change to this document (its close reason): nothing of it was stored. */
  refused?: string | null;
}

export type NeedsPairingReason = 'revoked' | 'expired' | 'unknown-device' | 'rejected';

export type SyncStatus =
  | { kind: 'not-paired' }
  | { kind: 'needs-pairing'; reason: NeedsPairingReason }
  /** The relay cannot be reached: since when, and (when nothing is waiting) when it last held everything. */
  | { kind: 'offline'; unsynced: number; since?: Date; lastSafe?: Date | null }
  | { kind: 'connecting'; unsynced: number }
  | { kind: 'syncing'; unsynced: number }
  /** The relay refused changes to some documents (this device's role may not make them); the rest is safe. */
  | { kind: 'refused'; documents: number; reason: string }
  /** Everything in scope is safe, but the device holds changes to documents its scope cannot sync. */
  | { kind: 'out-of-scope'; documents: number }
  | { kind: 'all-safe'; since: Date };

export interface SyncInputs {
  paired: boolean;
  needsPairing: NeedsPairingReason | null;
  docs: readonly DocSyncState[];
  /** Documents with local content that this device's scope does not let it sync. */
  outOfScope: number;
  /** Still opening the device's stored documents: "all safe" would speak too soon. */
  loading?: boolean;
  /** When the relay stopped answering (every live connection failed), if it has. */
  unreachableSince?: Date | null;
}

/** Every live connection has failed: the relay cannot be reached (idle ones, waiting for the pool, say nothing). */
export function relayUnreachable(docs: readonly DocSyncState[]): boolean {
  const live = docs.filter((d) => d.connection !== 'idle');
  return live.length > 0 && live.every((d) => d.connection === 'offline');
}

/** The one status to show. `previous` keeps the time everything first became safe while it stays safe. */
export function reduceSyncStatus(inputs: SyncInputs, previous: SyncStatus, now: Date): SyncStatus {
  if (inputs.needsPairing) return { kind: 'needs-pairing', reason: inputs.needsPairing };
  if (!inputs.paired) return { kind: 'not-paired' };
  const refused = inputs.docs.filter((d) => d.refused);
  const unsynced = inputs.docs.filter((d) => !d.safe && !d.refused).length;
  if (inputs.loading && unsynced === 0) return { kind: 'connecting', unsynced: 0 };
  // "Safe" needs a fresh word from the relay: with the relay out of reach, say so, and when it last held everything.
  if (unsynced === 0 && relayUnreachable(inputs.docs)) {
    return { kind: 'offline', unsynced: 0, since: inputs.unreachableSince ?? now, lastSafe: lastAck(inputs.docs) };
  }
  if (unsynced === 0 && refused.length > 0) return { kind: 'refused', documents: refused.length, reason: refused[0]!.refused! };
  if (unsynced === 0 && inputs.outOfScope > 0) return { kind: 'out-of-scope', documents: inputs.outOfScope };
  if (unsynced === 0) return previous.kind === 'all-safe' ? previous : { kind: 'all-safe', since: lastAck(inputs.docs) ?? now };
  // Documents waiting for a place in the connection pool ('idle') say nothing about the relay: judge by the live ones.
  const live = inputs.docs.filter((d) => d.connection !== 'idle');
  if (live.some((d) => d.connection === 'connected')) return { kind: 'syncing', unsynced };
  if (live.some((d) => d.connection === 'connecting') || live.length === 0) return { kind: 'connecting', unsynced };
  return { kind: 'offline', unsynced, since: inputs.unreachableSince ?? now };
}

/** The moment the last document was confirmed: after a reload, when everything became safe. */
function lastAck(docs: readonly DocSyncState[]): Date | null {
  const times = docs.map((d) => d.ackedAt?.getTime() ?? 0).filter((t) => t > 0);
  return times.length ? new Date(Math.max(...times)) : null;
}

export const sameStatus = (a: SyncStatus, b: SyncStatus): boolean => JSON.stringify(a) === JSON.stringify(b);

const documents = (n: number) => (n === 1 ? '1 document' : `${n.toLocaleString('en-GB')} documents`);

/** 24-hour "15:42" in the device's time zone. */
export const clockTime = (at: Date) => at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });

const pairAgain: Record<NeedsPairingReason, string> = {
  revoked: 'This device was signed out by the school — pair it again',
  expired: 'This device’s sign-in has expired — pair it again',
  'unknown-device': 'The school relay does not know this device — pair it again',
  rejected: 'The school relay refused this device — pair it again',
};

/** What each part of a document holds, in the words of the people who use it. */
const partNames: Record<string, string> = {
  pupils: 'the school roster',
  providers: 'providers and who attends them',
  settings: 'the school’s settings',
  rooms: 'rooms',
  periods: 'the school day',
  staff: 'staff',
  questionSets: 'interview questions',
  closures: 'the school calendar',
  halfTerms: 'the school calendar',
  referralCategories: 'referral reasons',
  referrals: 'referrals',
  placements: 'placements',
  reviews: 'placement reviews',
  visits: 'reintegration visits',
  interviews: 'interviews',
  work: 'work',
  contacts: 'parent and carer contacts',
  entries: 'the register',
  notes: 'behaviour notes',
  checkIns: 'off-site check-ins',
  incidents: 'off-site incidents',
  progress: 'off-site progress',
};

/** Why the relay refused a change, from its close reason ("not-permitted:pupils", "foreign-client" ...). */
export function describeRefusal(reason: string): string {
  const [kind, part] = reason.split(':');
  if (kind === 'not-permitted' && part) return `this device may not change ${partNames[part] ?? `“${part}”`}`;
  if (kind === 'erased-pupil') return 'a pupil the school has erased is named in them; removing that pupil from this device';
  return 'the school relay could not accept these changes from this device';
}

/** What else the header knows: a write to this device's storage failed (full, say) and the user has not dismissed it. */
export interface DescribeOptions {
  storageFailed?: boolean;
}

/**
 * "Saved on this device" is true only while its storage takes writes: with a write failed, the words that would
 * claim it say instead that the latest changes could not be saved here.
 */
export function describeSyncStatus(status: SyncStatus, { storageFailed = false }: DescribeOptions = {}): string {
  const text = describeStatus(status);
  if (!storageFailed) return text;
  return text
    .replace(/ — saved on this device only$/, ' — and the latest changes could not be saved on this device')
    .replace(/ saved on this device, not yet on the school relay/, ' not yet on the school relay, and the latest changes could not be saved on this device');
}

function describeStatus(status: SyncStatus): string {
  switch (status.kind) {
    case 'not-paired':
      return 'Not paired — saved on this device only';
    case 'needs-pairing':
      return pairAgain[status.reason];
    case 'offline': {
      const since = status.since ? ` since ${clockTime(status.since)}` : '';
      const saved = `Offline — ${documents(status.unsynced)} saved on this device, not yet on the school relay`;
      if (status.unsynced > 0) return status.since ? `${saved} (no contact${since})` : saved;
      return `Offline — can’t reach the school relay${since}${status.lastSafe ? `; everything here was on it at ${clockTime(status.lastSafe)}` : ''}`;
    }
    case 'connecting':
      return 'Connecting to the school relay…';
    case 'syncing':
      return `Syncing ${documents(status.unsynced)}…`;
    case 'refused':
      return `${documents(status.documents)} not accepted by the school relay (${describeRefusal(status.reason)}) — saved on this device only`;
    case 'out-of-scope':
      return `${documents(status.documents)} outside this device’s sync scope — saved on this device only`;
    case 'all-safe':
      return `All safely on the school relay at ${clockTime(status.since)}`;
  }
}

/** The names people know a document's parts by (undefined: not known on this device). */
export interface DocLabels {
  room(id: string): string | undefined;
  pupil(id: string): string | undefined;
  provider(id: string): string | undefined;
}

/** "The BASE register, Mon 16 Nov", "Jess Okafor’s record", "Oakfield Farm off-site day, Tue 17 Nov". */
export function describeDocument(name: string, labels: DocLabels): string {
  const doc = parseDocName(name);
  switch (doc?.kind) {
    case 'school':
      return 'The school’s set-up and roster';
    case 'room-day':
      return `${labels.room(doc.roomId) ?? 'A room'} register, ${formatDayLabel(doc.date)}`;
    case 'pupil':
      return `${labels.pupil(doc.pupilId) ?? 'A pupil'}’s record`;
    case 'provider-day':
      return `${labels.provider(doc.providerId) ?? 'An off-site provider'} off-site day, ${formatDayLabel(doc.date)}`;
    default:
      return 'A record this version of Baseroom does not know';
  }
}

/** What is not yet on the relay, named: at most `max` documents, then how many more. */
export function describeWaiting(names: readonly string[], labels: DocLabels, max = Infinity): string[] {
  const shown = names.length > max ? names.slice(0, Math.max(1, max - 1)) : names;
  const described = shown.map((name) => describeDocument(name, labels));
  const more = names.length - shown.length;
  return more > 0 ? [...described, `and ${more.toLocaleString('en-GB')} more`] : described;
}

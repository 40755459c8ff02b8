// What the UI offers a paired device: which screens its role uses and which document parts it may edit (the relay's write rules).
import { mayWrite } from '../../sync-server/write-rules';
import type { DeviceRole } from '../../sync-server/doc-names';

export type Screen = 'today' | 'log' | 'offsite' | 'coordinator' | 'reports' | 'settings' | 'pupil';
/** Null: an unpaired device, which keeps every screen and every edit (it syncs nothing, so nothing is refused). */
export type AccessRole = DeviceRole | null;

const allScreens: readonly Screen[] = ['today', 'log', 'offsite', 'coordinator', 'reports', 'settings', 'pupil'];

/**
 * The screens each role uses, in the order the header shows them. A room's tablet cannot write the school document,
 * the coordinator's parts of pupil documents or providers' days, so it has no Coordinator or Off-site screen; an
 * off-site phone writes its providers' days only, and never opens the school or pupil documents.
 */
const screensByRole: Record<DeviceRole, readonly Screen[]> = {
  coordinator: allScreens,
  supervisor: ['today', 'log', 'reports', 'settings', 'pupil'],
  offsite: ['offsite', 'settings'],
};

export function screensFor(role: AccessRole): readonly Screen[] {
  return role ? screensByRole[role] : allScreens;
}

export const mayOpen = (role: AccessRole, screen: Screen) => screensFor(role).includes(screen);

/** Where the device opens: the assistant on the provider's day, the coordinator on their list, a room on its register. */
export function homeScreen(role: AccessRole): Screen {
  if (role === 'offsite') return 'offsite';
  if (role === 'coordinator') return 'coordinator';
  return 'today';
}

/** A screen the role may use: the one asked for, else the role's home. */
export const screenShown = (role: AccessRole, asked: Screen): Screen => (mayOpen(role, asked) ? asked : homeScreen(role));

type Kind = 'school' | 'room' | 'pupil' | 'provider';

/** May this device edit this part (top-level map) of this kind of document? The relay refuses anything else. */
export function mayEdit(role: AccessRole, kind: Kind, part: string): boolean {
  return role === null || mayWrite(role, kind, part);
}

/** The school's settings, rooms, staff, roster and providers: coordinators (and unpaired devices) only. */
export const mayEditSchool = (role: AccessRole) => mayEdit(role, 'school', 'settings');

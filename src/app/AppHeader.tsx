// Always in view: where you are (room), who you are (staff), the screens this device's role uses, whether everything is
// on the school relay, and "Lock now".
import type { SchoolRow } from '../db/database';
import { useUiStore } from '../state/uiStore';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { WaitingDocuments } from '../features/sync/WaitingDocuments';
import { screensFor, type AccessRole, type Screen } from '../sync/roleAccess';
import type { Route } from './route';
import { useDeviceLock } from './deviceLock';

const navLabels: Partial<Record<Screen, string>> = {
  today: 'Today',
  log: 'Daily log',
  offsite: 'Off-site',
  coordinator: 'Coordinator',
  reports: 'Reports',
  settings: 'Settings',
};

export function AppHeader({ school, route, role, pairedRoom }: { school: SchoolRow; route: Route; role: AccessRole; pairedRoom: string | null }) {
  const { roomId, staffId, chooseRoom, chooseStaff } = useUiStore();
  const lock = useDeviceLock();
  const phone = role === 'offsite';
  const nav = screensFor(role).filter((s) => navLabels[s]);
  return (
    <header className={`app-header${phone ? ' compact' : ''}`}>
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <span className={phone ? 'visually-hidden' : undefined}>{school.settings.name || 'Baseroom'}</span>
      </div>
      <nav aria-label="Main">
        {nav.map((s) => (
          <a key={s} href={`#/${s}`} aria-current={route === s ? 'page' : undefined}>
            {navLabels[s]}
          </a>
        ))}
      </nav>
      {/* Off-site phones choose a provider, not a room; a room's tablet keeps the room it is paired for. */}
      {route !== 'offsite' && !phone && !pairedRoom && (
        <label>
          Room
          <select value={roomId ?? school.rooms[0]?.id ?? ''} onChange={(e) => chooseRoom(e.target.value)}>
            {school.rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="staff-picker">
        {/* On a phone the chosen name says enough: the label is for screen readers, to keep the header one line. */}
        <span className={phone ? 'visually-hidden' : undefined}>{phone ? 'Using this phone' : 'Using this tablet'}</span>
        <select value={staffId ?? ''} onChange={(e) => chooseStaff(e.target.value)}>
          <option value="" disabled>
            Choose your name
          </option>
          {school.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <SyncIndicator />
      {/* A phone's header has room for the status alone: Settings names what is waiting there. */}
      {!phone && <WaitingDocuments max={2} />}
      {lock && (
        <button type="button" className="lock-now" onClick={lock.lockNow}>
          Lock now
        </button>
      )}
    </header>
  );
}

// Always in view: where you are (room), who you are (staff), the screens, whether everything is on the school relay, and "Lock now".
import type { SchoolRow } from '../db/database';
import { useUiStore } from '../state/uiStore';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import type { Route } from './route';
import { useDeviceLock } from './deviceLock';

export function AppHeader({ school, route }: { school: SchoolRow; route: Route }) {
  const { roomId, staffId, chooseRoom, chooseStaff } = useUiStore();
  const lock = useDeviceLock();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <span>{school.settings.name || 'Baseroom'}</span>
      </div>
      <nav aria-label="Main">
        <a href="#/today" aria-current={route === 'today' ? 'page' : undefined}>
          Today
        </a>
        <a href="#/log" aria-current={route === 'log' ? 'page' : undefined}>
          Daily log
        </a>
        <a href="#/offsite" aria-current={route === 'offsite' ? 'page' : undefined}>
          Off-site
        </a>
        <a href="#/coordinator" aria-current={route === 'coordinator' ? 'page' : undefined}>
          Coordinator
        </a>
        <a href="#/reports" aria-current={route === 'reports' ? 'page' : undefined}>
          Reports
        </a>
        <a href="#/settings" aria-current={route === 'settings' ? 'page' : undefined}>
          Settings
        </a>
      </nav>
      {/* Off-site phones choose a provider, not a room: keep the header short on a small screen. */}
      {route !== 'offsite' && (
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
      <label>
        Using this tablet
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
      {lock && (
        <button type="button" className="lock-now" onClick={lock.lockNow}>
          Lock now
        </button>
      )}
    </header>
  );
}

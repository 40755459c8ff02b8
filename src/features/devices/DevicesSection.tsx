// The coordinator's devices: pair a new tablet or phone with a code shown here, see each device's last contact, sign a lost one out.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useServices } from '../../app/services';
import type { SchoolRow } from '../../db/database';
import type { Enrolled, ManagedDevice } from '../../sync/relayApi';
import { describeScope } from '../../sync/scope';
import { clockTime } from '../../sync/status';
import { useSyncSnapshot } from '../sync/useSync';
import { PairNewDevice } from './PairNewDevice';
import { lastContact, relayProblem } from './deviceWords';
import { AuditLog } from './AuditLog';
import { usePupils } from '../today/useRegister';

const roles = { supervisor: 'Room tablet', offsite: 'Off-site phone', coordinator: 'Coordinator’s device' } as const;

function DeviceItem({ device, onRevoke }: { device: ManagedDevice; onRevoke(device: ManagedDevice): Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const label = device.name ?? device.deviceId;
  const state = device.revokedAt !== null ? 'Signed out' : device.pairedAt !== null ? lastContact(device.lastSeenAt) : 'Waiting to be paired';
  return (
    <li className="device">
      <strong>{label}</strong> — {roles[device.role]}: {describeScope(device.scope)}
      <div className="muted">
        {state} · id {device.deviceId}
      </div>
      {device.revokedAt === null &&
        (confirming ? (
          <div className="row wrap">
            <button type="button" className="danger" onClick={() => void onRevoke(device).finally(() => setConfirming(false))}>
              Sign out {label} now
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep {label}
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Sign out {label}…
          </button>
        ))}
    </li>
  );
}

export function DevicesSection({ school }: { school: SchoolRow }) {
  const { sync } = useServices();
  const { device } = useSyncSnapshot();
  const [devices, setDevices] = useState<ManagedDevice[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);
  const isCoordinator = device?.role === 'coordinator';
  const pupilRows = usePupils();
  const pupils = useMemo(() => new Map((pupilRows ?? []).map((p) => [p.id, p])), [pupilRows]);
  const rooms = useMemo(() => new Map(school.rooms.map((r) => [r.id, r.name])), [school.rooms]);

  const refresh = useCallback(async () => {
    try {
      setDevices(await sync.listDevices());
      setProblem(null);
    } catch (err) {
      setProblem(relayProblem(err));
    }
  }, [sync]);
  useEffect(() => {
    if (isCoordinator) void refresh();
  }, [isCoordinator, refresh]);

  const revoke = async (target: ManagedDevice) => {
    try {
      await sync.revokeDevice(target.deviceId);
      await refresh();
    } catch (err) {
      setProblem(relayProblem(err));
    }
  };

  return (
    <section aria-labelledby="c-devices" className="work-list">
      <h2 id="c-devices">Devices</h2>
      {!isCoordinator ? (
        <p className="muted">Pair this device as a coordinator’s (Settings → Sync with the school) to pair and sign out the school’s tablets and phones here.</p>
      ) : (
        <>
          <PairNewDevice school={school} onEnrolled={(e) => (setEnrolled(e), void refresh())} onProblem={setProblem} />
          {enrolled && (
            <p role="status" className="pairing-code">
              Pairing code for {enrolled.device.name ?? roles[enrolled.device.role]}: <strong>{enrolled.code}</strong>. Type it on the new device in
              Settings → Sync with the school before {clockTime(new Date(enrolled.expiresAt))}; it works once.
            </p>
          )}
          {problem && (
            <p role="alert" className="field-error">
              {problem}
            </p>
          )}
          <button type="button" onClick={() => void refresh()}>
            Refresh the list of devices
          </button>
          {devices && (
            <ul aria-label="The school’s devices">
              {devices.map((d) => (
                <DeviceItem key={d.deviceId} device={d} onRevoke={revoke} />
              ))}
            </ul>
          )}
          {devices && <AuditLog devices={devices} pupils={pupils} rooms={rooms} />}
        </>
      )}
    </section>
  );
}

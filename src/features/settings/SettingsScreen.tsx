// Settings: sync with the school, the school, its rooms, day, staff and roster, and how this device stores and locks its data.
import type { SchoolRow } from '../../db/database';
import { usePupils } from '../today/useRegister';
import { RosterImport } from '../roster/RosterImport';
import { DemoSchoolButton } from '../roster/DemoSchoolButton';
import { SchoolNameForm } from './SchoolNameForm';
import { RoomsEditor } from './RoomsEditor';
import { PeriodsEditor } from './PeriodsEditor';
import { RegisterCloseForm } from './RegisterCloseForm';
import { DEFAULT_REGISTER_OPEN_MINUTES } from '../../domain/school';
import { StaffEditor } from './StaffEditor';
import { StorageStatus } from './StorageStatus';
import { SyncSection } from '../sync/SyncSection';
import { QuestionSetsEditor } from './QuestionSetsEditor';
import { CalendarEditor } from './CalendarEditor';
import { ProvidersEditor } from './ProvidersEditor';
import { ReferralReasonsEditor } from './ReferralReasonsEditor';
import { PlacementSettingsForm } from './PlacementSettingsForm';
import { RetentionForm } from '../retention/RetentionForm';
import { DeviceLockSection } from './DeviceLockSection';
import { useDeviceRole } from '../sync/useRoleAccess';
import { mayEditSchool } from '../../sync/roleAccess';

export function SchoolSections({ school, withSync = true }: { school: SchoolRow; withSync?: boolean }) {
  const pupils = usePupils();
  return (
    <>
      {withSync && <SyncSection />}
      <section aria-labelledby="s-school">
        <h2 id="s-school">School</h2>
        <SchoolNameForm name={school.settings.name} />
      </section>
      <section aria-labelledby="s-rooms">
        <h2 id="s-rooms">Rooms</h2>
        <RoomsEditor rooms={school.rooms} />
      </section>
      <section aria-labelledby="s-day">
        <h2 id="s-day">School day</h2>
        <PeriodsEditor periods={school.periods} />
        {/* A school row stored before this setting existed lacks it until the school document next changes. */}
        <RegisterCloseForm minutes={school.settings.registerOpenMinutes ?? DEFAULT_REGISTER_OPEN_MINUTES} />
      </section>
      <section aria-labelledby="s-calendar">
        <h2 id="s-calendar">School calendar</h2>
        <CalendarEditor calendar={school.calendar} />
      </section>
      <section aria-labelledby="s-staff">
        <h2 id="s-staff">Staff</h2>
        <StaffEditor staff={school.staff} />
      </section>
      <section aria-labelledby="s-pupils">
        <h2 id="s-pupils">Pupils</h2>
        <p>{pupils ? `${pupils.length.toLocaleString('en-GB')} ${pupils.length === 1 ? 'pupil' : 'pupils'} on the roll.` : 'Loading…'}</p>
        {pupils && (
          <>
            <RosterImport pupils={pupils} />
            <DemoSchoolButton pupils={pupils} />
          </>
        )}
      </section>
    </>
  );
}

/** Storage and the device's lock; the idle time is a school setting, so only a device that may edit the school changes it. */
function DeviceSection({ school, editable = false }: { school: SchoolRow; editable?: boolean }) {
  return (
    <section aria-labelledby="s-device">
      <h2 id="s-device">This device</h2>
      <StorageStatus />
      <DeviceLockSection lockAfterMinutes={school.settings.lockAfterMinutes} canChangeLockTime={editable} />
    </section>
  );
}

export function SettingsScreen({ school }: { school: SchoolRow }) {
  const role = useDeviceRole();
  // The relay refuses a change to the school document from any device but a coordinator's: offer none.
  if (role === 'offsite') {
    return (
      <div className="settings">
        <h1 className="visually-hidden">Settings</h1>
        <SyncSection />
        <DeviceSection school={school} />
      </div>
    );
  }
  if (!mayEditSchool(role)) {
    return (
      <div className="settings">
        <h1 className="visually-hidden">Settings</h1>
        <SyncSection />
        <DeviceSection school={school} />
        <p className="notice" role="note">
          The school’s settings are shown as they are: only the coordinator’s device can change them.
        </p>
        <fieldset disabled className="read-only" aria-label="The school’s settings (read only)">
          <SchoolSections school={school} withSync={false} />
        </fieldset>
      </div>
    );
  }
  return <EditableSettings school={school} />;
}

function EditableSettings({ school }: { school: SchoolRow }) {
  const pupils = usePupils();
  return (
    <div className="settings">
      <h1 className="visually-hidden">Settings</h1>
      <SchoolSections school={school} />
      <section aria-labelledby="s-questions">
        <h2 id="s-questions">Interview questions</h2>
        <QuestionSetsEditor sets={school.questionSets} />
      </section>
      <section aria-labelledby="s-placements">
        <h2 id="s-placements">Placements</h2>
        <PlacementSettingsForm key={`${school.calendar.reviewEveryWeeks}/${school.calendar.repeatWithinWeeks}`} settings={school.calendar} />
      </section>
      <section aria-labelledby="s-retention">
        <h2 id="s-retention">Retention</h2>
        <RetentionForm retention={school.settings.retention} />
      </section>
      <section aria-labelledby="s-reasons">
        <h2 id="s-reasons">Referral reasons</h2>
        <ReferralReasonsEditor categories={school.referralCategories} />
      </section>
      <section aria-labelledby="s-providers">
        <h2 id="s-providers">Alternative providers</h2>
        {pupils && <ProvidersEditor providers={school.providers ?? []} pupils={pupils} />}
      </section>
      <DeviceSection school={school} editable />
    </div>
  );
}

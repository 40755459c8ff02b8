// The unlocked app: set-up on first run, then the register and settings, with banners.
import { useSchool } from './hooks';
import { useNoScreenAsked, usePupilRoute, useRoute } from './route';
import { AppHeader } from './AppHeader';
import { Banners } from './Banners';
import { ErrorBoundary } from './ErrorBoundary';
import { lazy, Suspense, useEffect } from 'react';
import { TodayScreen } from '../features/today/TodayScreen';
import { useUiStore } from '../state/uiStore';
import { useIdleLock } from './deviceLock';
import { homeScreen, screenShown } from '../sync/roleAccess';
import { useDeviceRole, usePairedRoom } from '../features/sync/useRoleAccess';
import { firstScreenShown } from './firstScreen';
import { lazyScreen } from './lazyScreen';

// Set-up and settings (roster import, CSV parsing, forms) are not needed to open the register: loaded on demand.
const SetupScreen = lazy(() => import('../features/setup/SetupScreen').then((m) => ({ default: m.SetupScreen })));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const PupilScreen = lazy(() => import('../features/pupil/PupilScreen').then((m) => ({ default: m.PupilScreen })));
// The coordinator's and the off-site phone's home screens: preloaded while the PIN is typed, so they open at once.
const CoordinatorScreen = lazyScreen(() => import('../features/coordinator/CoordinatorScreen').then((m) => m.CoordinatorScreen));
const DailyLogScreen = lazy(() => import('../features/dailyLog/DailyLogScreen').then((m) => ({ default: m.DailyLogScreen })));
const ReportsScreen = lazy(() => import('../features/reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })));
const OffsiteScreen = lazyScreen(() => import('../features/offsite/OffsiteScreen').then((m) => m.OffsiteScreen));
const InterviewScreen = lazy(() => import('../features/interview/InterviewScreen').then((m) => ({ default: m.InterviewScreen })));
const SubjectAccessScreen = lazy(() => import('../features/subjectAccess/SubjectAccessScreen').then((m) => ({ default: m.SubjectAccessScreen })));

/** Loads the code of every role's home screen that is not in this module (the register is). */
export function preloadHomeScreens(): Promise<unknown> {
  return Promise.all([CoordinatorScreen.preload(), OffsiteScreen.preload()]);
}

export function App() {
  const school = useSchool();
  const role = useDeviceRole();
  const pairedRoom = usePairedRoom();
  const asked = useRoute();
  const noScreenAsked = useNoScreenAsked();
  // Each device opens on its role's screen and shows only the screens its role uses (see sync/roleAccess.ts).
  const route = noScreenAsked ? homeScreen(role) : screenShown(role, asked);
  const askedPupil = usePupilRoute();
  const pupilRoute = route === 'pupil' ? askedPupil : null;
  const staffId = useUiStore((s) => s.staffId);
  useIdleLock(school?.settings.lockAfterMinutes);
  // The register says when its records are on screen (the start-up the tablets are measured by); set-up and the
  // other screens have nothing to wait for.
  const showsRegister = !!school?.settings.setupCompletedAt && route === 'today';
  useEffect(() => {
    if (school !== undefined && !showsRegister) firstScreenShown();
  }, [school, showsRegister]);
  if (school === undefined) return <p aria-busy="true">Opening Baseroom…</p>;
  const ready = school?.settings.setupCompletedAt;
  return (
    <ErrorBoundary>
      {ready && <AppHeader school={school} route={route} role={role} pairedRoom={pairedRoom} />}
      <Banners />
      <main>
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
        {!ready ? (
          <SetupScreen school={school} />
        ) : route === 'settings' ? (
          <SettingsScreen school={school} />
        ) : !staffId || !school.staff.some((s) => s.id === staffId) ? (
          <p className="banner info">Choose your name under “{role === 'offsite' ? 'Using this phone' : 'Using this tablet'}” so your records say who made them.</p>
        ) : route === 'reports' ? (
          <ReportsScreen school={school} />
        ) : route === 'offsite' ? (
          <OffsiteScreen school={school} />
        ) : route === 'log' ? (
          <DailyLogScreen school={school} />
        ) : route === 'coordinator' ? (
          <CoordinatorScreen school={school} />
        ) : pupilRoute?.interviewId ? (
          <InterviewScreen key={pupilRoute.interviewId} school={school} pupilId={pupilRoute.pupilId} interviewId={pupilRoute.interviewId} />
        ) : pupilRoute?.everything ? (
          <SubjectAccessScreen key={pupilRoute.pupilId} pupilId={pupilRoute.pupilId} />
        ) : pupilRoute ? (
          <PupilScreen key={pupilRoute.pupilId} school={school} pupilId={pupilRoute.pupilId} />
        ) : (
          <TodayScreen school={school} />
        )}
        </Suspense>
      </main>
    </ErrorBoundary>
  );
}

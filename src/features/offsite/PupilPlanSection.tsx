// The IBEC plan on the pupil's record: progress per target over the weeks, and (for those who may) a target added with a provider.
import { useServices } from '../../app/services';
import type { SchoolRow } from '../../db/database';
import { providerDayDocName } from '../../docs/names';
import { toIsoDate } from '../../domain/time';
import { mayEdit } from '../../sync/roleAccess';
import { useDeviceRole } from '../sync/useRoleAccess';
import { TargetChart } from './TargetChart';
import { TargetForm } from './TargetForm';
import { usePupilPlan } from './usePupilPlan';

export function PupilPlanSection({ school, pupilId, pupilName }: { school: SchoolRow; pupilId: string; pupilName: string }) {
  const { docs } = useServices();
  const plan = usePupilPlan(pupilId);
  const editable = mayEdit(useDeviceRole(), 'provider', 'targets');
  const attends = (school.providers ?? []).filter((p) => pupilId in p.attends);
  if (!plan || (plan.targets.length === 0 && attends.length === 0)) return null;
  return (
    <section aria-labelledby="p-ibec">
      <h2 id="p-ibec">IBEC plan (off-site)</h2>
      {plan.progress.length === 0 && <p className="muted">No targets yet.</p>}
      <div className="target-charts">
        {plan.progress.map((p) => (
          <TargetChart key={p.target.id} progress={p} editable={editable} />
        ))}
      </div>
      {editable && attends[0] && (
        // A target set here lives in today's day at the pupil's (first) provider, where the assistant's phone rates it.
        <TargetForm doc={async () => (await docs.open(providerDayDocName(attends[0]!.id, toIsoDate(new Date())))).doc} pupilId={pupilId} pupilName={pupilName} />
      )}
    </section>
  );
}

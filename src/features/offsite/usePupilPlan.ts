// A pupil's IBEC plan from the projections: every target added at any of their providers' days, and every rating.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { progressByTarget, type TargetProgress, type TargetRow } from '../../domain/ibecPlan';

export interface PupilPlan {
  targets: TargetRow[];
  progress: TargetProgress[];
}

export function usePupilPlan(pupilId: string): PupilPlan | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    const [targets, ratings] = await Promise.all([
      db.offsiteTargets.where('pupilId').equals(pupilId).toArray(),
      db.offsiteProgress.where('pupilId').equals(pupilId).toArray(),
    ]);
    return { targets, progress: progressByTarget(targets, ratings) };
  }, [db, pupilId]);
}

// One provider-day's check-ins, incidents and progress notes, from the projections.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { CheckInRow, IncidentRow, ProgressRow } from '../../domain/offsite';

export interface ProviderDayData {
  checkIns: Map<string, CheckInRow>;
  incidents: IncidentRow[];
  progress: ProgressRow[];
}

export function useProviderDay(providerId: string, date: string): ProviderDayData | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    const key = [providerId, date];
    const [checkIns, incidents, progress] = await Promise.all([
      db.offsiteCheckIns.where('[providerId+date]').equals(key).toArray(),
      db.offsiteIncidents.where('[providerId+date]').equals(key).sortBy('createdAt'),
      db.offsiteProgress.where('[providerId+date]').equals(key).sortBy('createdAt'),
    ]);
    return { checkIns: new Map(checkIns.map((c) => [c.pupilId, c])), incidents, progress };
  }, [db, providerId, date]);
}

// The coordinator's day: take a referral, then everything waiting on them — referrals, placements, reviews, follow-ups, flags.
import { useMemo, useState } from 'react';
import { useDoc } from '../../app/hooks';
import type { PupilRow, SchoolRow } from '../../db/database';
import { pupilDocName } from '../../docs/names';
import { pupilDisplayName } from '../../domain/pupil';
import { defaultReferralCategories } from '../../domain/referralCategory';
import { useUiStore } from '../../state/uiStore';
import { usePupils } from '../today/useRegister';
import { CoordinatorLists } from './CoordinatorLists';
import { PupilSearch } from '../../components/PupilSearch';
import { ReferralForm } from './ReferralForm';
import { useCoordinatorData } from './useCoordinator';
import { OffsiteChecks } from './OffsiteChecks';
import { SessionsToSettle } from './SessionsToSettle';
import { DevicesSection } from '../devices/DevicesSection';
import { FollowUpsDue } from '../pupil/FollowUpsDue';
import { RetentionReview } from '../retention/RetentionReview';

function TakeReferral({ school, pupil, onDone }: { school: SchoolRow; pupil: PupilRow; onDone(): void }) {
  const doc = useDoc(pupilDocName(pupil.id));
  const say = useUiStore((s) => s.say);
  const lessons = school.periods.filter((p) => p.kind === 'lesson');
  const name = pupilDisplayName(pupil);
  if (!doc) return <p aria-busy="true">Opening {name}’s record…</p>;
  return (
    <>
      <h3>Referral for {name}</h3>
      <ReferralForm
        doc={doc}
        pupil={pupil}
        pupilName={name}
        periods={lessons}
        categories={school.referralCategories ?? [...defaultReferralCategories]}
        onSaved={() => {
          say('info', `Referral for ${name} saved`);
          onDone();
        }}
      />
      <button type="button" onClick={onDone}>
        Cancel referral
      </button>
    </>
  );
}

export function CoordinatorScreen({ school }: { school: SchoolRow }) {
  const pupils = usePupils();
  const data = useCoordinatorData();
  const [picked, setPicked] = useState<PupilRow | null>(null);
  const byId = useMemo(() => new Map(pupils?.map((p) => [p.id, p])), [pupils]);
  if (!pupils || !data) return <p aria-busy="true">Opening the coordinator’s list…</p>;
  return (
    <div className="coordinator">
      <h1>Coordinator</h1>
      <section aria-labelledby="c-take">
        <h2 id="c-take">Take a referral</h2>
        {picked ? (
          <TakeReferral key={picked.id} school={school} pupil={picked} onDone={() => setPicked(null)} />
        ) : (
          <PupilSearch pupils={pupils} label="Pupil to refer" verb="Refer" placeholder="Name or tutor group" onPick={setPicked} />
        )}
      </section>
      <CoordinatorLists school={school} data={data} pupils={byId} />
      <FollowUpsDue pupils={byId} />
      <OffsiteChecks providers={school.providers ?? []} pupils={byId} />
      <SessionsToSettle providers={school.providers ?? []} pupils={byId} calendar={school.calendar} />
      <RetentionReview school={school} pupils={pupils} />
      <DevicesSection school={school} />
    </div>
  );
}

// What needs doing today: referrals waiting (with repeat flags), placements running, reviews due, follow-ups, flags.
import type { ReactNode } from 'react';
import { useCommand } from '../../app/hooks';
import { useServices } from '../../app/services';
import { pupilHref } from '../../app/route';
import type { PupilRow, SchoolRow } from '../../db/database';
import { confirmSafeguardingLogged } from '../../docs/roomDayDoc';
import { pupilDisplayName } from '../../domain/pupil';
import { reasonsText, referralStatusLabels } from '../../domain/referral';
import { placementKindLabels, placementOutcomeLabels } from '../../domain/placement';
import { nextReviewDue } from '../../domain/review';
import { repeatFlagText, repeatSummary } from '../../domain/repeatReferrals';
import { emptyCalendar, notSchoolDayReason, weekStart } from '../../domain/schoolCalendar';
import { daysOnClosures } from '../../domain/expectedDays';
import { countOf } from '../../domain/counts';
import { pupilDocName } from '../../docs/names';
import { moveDaysOffClosures } from '../../docs/referralDoc';
import { useUiStore } from '../../state/uiStore';
import { addDays, formatDayLabel, toIsoDate } from '../../domain/time';
import { ReferralActions } from './ReferralActions';
import type { CoordinatorData } from './useCoordinator';

function Section({ id, title, empty, children }: { id: string; title: string; empty: string; children: ReactNode[] }) {
  return (
    <section aria-labelledby={id} className="work-list">
      <h2 id={id}>
        {title} <span className="count">({children.length})</span>
      </h2>
      {children.length ? <ul className="plain-list" aria-label={title}>{children}</ul> : <p className="muted">{empty}</p>}
    </section>
  );
}

export function CoordinatorLists({ school, data, pupils }: { school: SchoolRow; data: CoordinatorData; pupils: Map<string, PupilRow> }) {
  const { docs } = useServices();
  const run = useCommand();
  const say = useUiStore((s) => s.say);
  const calendar = school.calendar ?? emptyCalendar;
  const today = toIsoDate(new Date());
  const weekEnd = addDays(weekStart(today), 6);
  const name = (pupilId: string) => {
    const p = pupils.get(pupilId);
    return p ? pupilDisplayName(p) : 'A pupil';
  };
  const link = (pupilId: string) => <a href={pupilHref(pupilId)}>{name(pupilId)}</a>;
  const started = new Set(data.placements.map((p) => p.referralId));
  const waiting = data.referrals.filter((r) => r.status === 'requested' || r.status === 'accepted' || (r.status === 'scheduled' && !started.has(r.id)));
  const running = data.placements.filter((p) => p.status === 'running');
  const dueOf = (placementId: string, start: string) => {
    const last = data.reviews.filter((r) => r.placementId === placementId).at(-1);
    return nextReviewDue(start, last?.date ?? null, calendar.reviewEveryWeeks, calendar);
  };
  const due = running.filter((p) => dueOf(p.id, p.start) <= weekEnd);
  const followUp = data.placements.filter((p) => p.status === 'reintegrating');
  const onClosures = daysOnClosures(data.referrals, calendar);
  const moveDays = async (referralId: string, pupilId: string) => {
    const open = await docs.open(pupilDocName(pupilId));
    const moved = run((a) => moveDaysOffClosures(open.doc, referralId, calendar, a));
    if (moved.ok) say('info', `${name(pupilId)} is now booked on ${moved.value.map(formatDayLabel).join(', ')} instead`);
  };
  return (
    <>
      {onClosures.length > 0 && (
        <Section id="c-closures" title="Booked days now on a closure" empty="">
          {onClosures.map((c) => (
            <li key={c.referralId} className="work-item row wrap">
              <span className="grow">
                {link(c.pupilId)} — booked on {c.days.map((d) => `${formatDayLabel(d)} (${notSchoolDayReason(d, calendar)})`).join(', ')}: not expected
                on {c.days.length === 1 ? 'that day' : 'those days'}.
              </span>
              <button type="button" onClick={() => moveDays(c.referralId, c.pupilId)}>
                Move {name(c.pupilId)}’s {countOf(c.days.length, 'day')} to the next school days
              </button>
            </li>
          ))}
        </Section>
      )}
      <Section id="c-waiting" title="Referrals waiting" empty="No referrals waiting.">
        {waiting.map((r) => {
          const mine = data.referrals.filter((x) => x.pupilId === r.pupilId);
          const flag = repeatFlagText(repeatSummary(r, mine, data.placements.filter((p) => p.pupilId === r.pupilId), calendar.repeatWithinWeeks, calendar.halfTerms), (o) => placementOutcomeLabels[o]);
          return (
            <li key={r.id} className="work-item" aria-label={`Referral for ${name(r.pupilId)}`}>
              <p>
                {link(r.pupilId)} — {reasonsText(r)}, {formatDayLabel(r.date)}
                {r.subject && ` in ${r.subject}`}, {countOf(r.requestedDays, 'day')} requested by {r.referredBy}.{' '}
                <strong>{r.status === 'scheduled' ? 'Scheduled: record the placement' : referralStatusLabels[r.status]}</strong>
              </p>
              {flag && <p className="repeat-flag">{flag}</p>}
              <ReferralActions referral={r} school={school} pupilName={name(r.pupilId)} />
            </li>
          );
        })}
      </Section>
      <Section id="c-running" title="Placements running" empty="No placements running.">
        {running.map((p) => (
          <li key={p.id} className="work-item">
            {link(p.pupilId)} — {placementKindLabels[p.kind]} since {formatDayLabel(p.start)}; next review {formatDayLabel(dueOf(p.id, p.start))}
          </li>
        ))}
      </Section>
      <Section id="c-reviews" title="Reviews due this week" empty="No reviews due this week.">
        {due.map((p) => (
          <li key={p.id} className="work-item">
            {link(p.pupilId)} — review due {formatDayLabel(dueOf(p.id, p.start))}
            {dueOf(p.id, p.start) < today && <strong> (overdue)</strong>}
          </li>
        ))}
      </Section>
      <Section id="c-follow" title="Reintegrations in follow-up" empty="Nobody is in reintegration.">
        {followUp.map((p) => {
          const seen = data.visits.filter((v) => v.placementId === p.id);
          return (
            <li key={p.id} className="work-item">
              {link(p.pupilId)} — back in {p.reintegration?.lessonsReturning ?? 'lessons'} from {p.reintegration ? formatDayLabel(p.reintegration.startDate) : '?'};{' '}
              {seen.length ? `${countOf(seen.length, 'visit')}, last rated ${seen.at(-1)!.rating}` : 'no follow-up visits yet'}
            </li>
          );
        })}
      </Section>
      <Section id="c-flags" title="Safeguarding flags to confirm" empty="No unconfirmed safeguarding flags.">
        {data.flags.map((f) => (
          <li key={f.id} className="row wrap">
            {link(f.pupilId)} <span>{formatDayLabel(f.date)}</span>
            <button type="button" onClick={async () => {
                const open = await docs.open(f.docName);
                run((a) => confirmSafeguardingLogged(open.doc, f.id, a));
              }}>
              Confirm {name(f.pupilId)}’s flag is logged on CPOMS
            </button>
          </li>
        ))}
      </Section>
    </>
  );
}

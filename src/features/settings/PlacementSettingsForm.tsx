// The placement rhythm: how often placements are reviewed, and how soon after reintegration a referral counts as a repeat.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { savePlacementSettings } from '../../docs/calendarDoc';
import type { PlacementSettings } from '../../domain/schoolCalendar';

export function PlacementSettingsForm({ settings }: { settings: PlacementSettings }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [review, setReview] = useState(String(settings.reviewEveryWeeks));
  const [repeat, setRepeat] = useState(String(settings.repeatWithinWeeks));
  return (
    <form
      className="row wrap"
      aria-label="Placement reviews and repeats"
      onSubmit={(e) => {
        e.preventDefault();
        if (doc) run((a) => savePlacementSettings(doc, { reviewEveryWeeks: Number(review), repeatWithinWeeks: Number(repeat) }, a));
      }}
    >
      <label>
        Review placements every (weeks)
        <input type="number" min={1} max={12} value={review} onChange={(e) => setReview(e.target.value)} />
      </label>
      <label>
        Repeat referral within (weeks of reintegration)
        <input type="number" min={1} max={12} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </label>
      <button type="submit">Save placement settings</button>
    </form>
  );
}

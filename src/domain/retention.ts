// How long the school keeps records, and what is due to be erased under it (the coordinator's review list).
//
// Sources for the defaults (the school sets its own in Settings → Retention):
// - Attendance registers: The School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208),
//   regulation 7: every entry in the admission and attendance registers must be preserved for at least six years
//   from the date the entry was made (three years under the 2006 regulations it replaced). A room's or provider's
//   day holds register entries, so a day is kept at least six years from its date.
// - Behaviour records of pupils who have left: the Information and Records Management Society's Information
//   Management Toolkit for Schools leaves records of behaviour and support to the school's own retention schedule;
//   Baseroom's default is six years after leaving, and a school may choose longer (up to 25 years, the toolkit's
//   period for a secondary pupil's educational record, date of birth + 25). Never shorter than the register period:
//   erasing a leaver also erases their entries in every day, which are register entries.
import { z } from 'zod';
import { parseDocName } from '../docs/names';
import { pupilDisplayName, type Pupil } from './pupil';
import { formatLongDate, type IsoDate } from './time';

export const REGISTER_MIN_YEARS = 6;
export const MAX_KEEP_YEARS = 25;

export const retentionSchema = z
  .object({
    registerYears: z.coerce
      .number()
      .int('Use whole years')
      .min(REGISTER_MIN_YEARS, `Registers must be kept at least ${REGISTER_MIN_YEARS} years (School Attendance (Pupil Registration) (England) Regulations 2024)`)
      .max(MAX_KEEP_YEARS, `At most ${MAX_KEEP_YEARS} years`),
    leaverYears: z.coerce.number().int('Use whole years').min(1, 'At least 1 year').max(MAX_KEEP_YEARS, `At most ${MAX_KEEP_YEARS} years`),
  })
  .refine((r) => r.leaverYears >= r.registerYears, {
    message: 'Leavers’ records hold their register entries: keep them at least as long as registers',
    path: ['leaverYears'],
  });
export type RetentionSettings = z.infer<typeof retentionSchema>;

export const defaultRetention: RetentionSettings = { registerYears: 6, leaverYears: 6 };

/** The date `years` whole years after `date` (29 February becomes 28 February in a year without it). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export type DueItem =
  | { kind: 'pupil'; pupilId: string; name: string; leftOn: IsoDate; dueOn: IsoDate; reason: string }
  | { kind: 'day'; docName: string; label: string; date: IsoDate; dueOn: IsoDate; reason: string };

const years = (n: number) => (n === 1 ? '1 year' : `${n} years`);

/**
 * What is due to be erased on `today`: leavers whose records are past the leavers' period, and room or provider days
 * older than the register period. Erasure is due on the anniversary itself (kept "for N years" means through the
 * day before). Leavers first, oldest first; then days, oldest first.
 */
export function dueForErasure(
  input: { pupils: readonly Pupil[]; dayDocNames: readonly string[]; roomNames?: ReadonlyMap<string, string>; providerNames?: ReadonlyMap<string, string> },
  settings: RetentionSettings,
  today: IsoDate,
): DueItem[] {
  const pupils: DueItem[] = [];
  for (const p of input.pupils) {
    if (!p.leftOn) continue;
    const dueOn = addYears(p.leftOn, settings.leaverYears);
    if (dueOn > today) continue;
    pupils.push({
      kind: 'pupil',
      pupilId: p.id,
      name: pupilDisplayName(p),
      leftOn: p.leftOn,
      dueOn,
      reason: `Left on ${formatLongDate(p.leftOn)}; leavers’ records are kept ${years(settings.leaverYears)} after leaving (until ${formatLongDate(dueOn)}).`,
    });
  }
  const days: DueItem[] = [];
  for (const docName of new Set(input.dayDocNames)) {
    const parsed = parseDocName(docName);
    if (!parsed || (parsed.kind !== 'room-day' && parsed.kind !== 'provider-day')) continue;
    const dueOn = addYears(parsed.date, settings.registerYears);
    if (dueOn > today) continue;
    const place =
      parsed.kind === 'room-day'
        ? `${input.roomNames?.get(parsed.roomId) ?? parsed.roomId} register`
        : `${input.providerNames?.get(parsed.providerId) ?? parsed.providerId} (off-site) day`;
    days.push({
      kind: 'day',
      docName,
      label: `${place}, ${formatLongDate(parsed.date)}`,
      date: parsed.date,
      dueOn,
      reason: `Register entries are kept ${years(settings.registerYears)} from the day they were made (until ${formatLongDate(dueOn)}).`,
    });
  }
  const byDue = (a: DueItem, b: DueItem) => a.dueOn.localeCompare(b.dueOn) || (a.kind === 'day' && b.kind === 'day' ? a.docName.localeCompare(b.docName) : 0);
  return [...pupils.sort(byDue), ...days.sort(byDue)];
}

// Pupils on the school roll: the zod schema, SEN status and how names are shown and sorted.
import { z } from 'zod';
import { upnSchema } from './upn';

export const senStatuses = ['none', 'sen-support', 'ehcp'] as const;
export const senStatusSchema = z.enum(senStatuses);
export type SenStatus = z.infer<typeof senStatusSchema>;

const senLabels: Record<SenStatus, string> = { none: 'No SEN', 'sen-support': 'SEN support', ehcp: 'EHCP' };
export const senLabel = (s: SenStatus): string => senLabels[s];

const requiredText = (what: string, max: number) =>
  z.string().trim().min(1, `${what} is missing`).max(max, `${what} must be at most ${max} characters`);

/** Optional free text: blank counts as not given, so a cleared form field or empty CSV cell removes nothing by accident. */
const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be at most ${max} characters`)
    .transform((s) => (s === '' ? undefined : s))
    .optional();

export const pupilSchema = z.object({
  id: z.string().min(1),
  misId: optionalText('MIS id', 40),
  upn: upnSchema,
  legalSurname: requiredText('Legal surname', 80),
  legalForename: requiredText('Legal forename', 80),
  preferredName: optionalText('Preferred name', 80),
  yearGroup: z
    .number({ error: 'Year group must be a number from 7 to 13' })
    .int('Year group must be a whole number')
    .min(7, 'Year group must be from 7 to 13')
    .max(13, 'Year group must be from 7 to 13'),
  tutorGroup: requiredText('Registration group', 20),
  sen: senStatusSchema,
  /** A short line from the pupil passport: what helps this pupil in the room. */
  keyNeeds: optionalText('Key needs', 500),
  /** The day a roster import first no longer listed the pupil: their records stay, pickers leave them out. */
  leftOn: z.string().optional(),
});
export type Pupil = z.infer<typeof pupilSchema>;

export const pupilInputSchema = pupilSchema.omit({ id: true, leftOn: true });
export type PupilInput = z.infer<typeof pupilInputSchema>;

/** Whether a pupil was on the school roll on a date: known to the roster, and not yet gone from it (leftOn onwards). */
export const onRollOn = (p: Pick<Pupil, 'leftOn'> | undefined, date: string): boolean => !!p && !(p.leftOn && p.leftOn.slice(0, 10) <= date);

type Named = Pick<PupilInput, 'legalSurname' | 'legalForename' | 'preferredName'>;

/** The name staff use: preferred name (or legal forename) and surname, e.g. "Jess Okafor". */
export const pupilDisplayName = (p: Named): string => `${p.preferredName ?? p.legalForename} ${p.legalSurname}`;

/** Letters only, accents folded and lower-cased, so "O'Brien" sorts with "Obrien" and "Élise" with "Elise". */
const sortable = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('en-GB')
    .replace(/[^a-z0-9]/g, '');

/** A plain string key (surname, then legal forename) that sorts with `<` and works as an index. */
export const pupilSortKey = (p: Named): string => `${sortable(p.legalSurname)} ${sortable(p.legalForename)}`;

const collator = new Intl.Collator('en-GB');
/**
 * Pupils by surname, then forename, as a register lists them (a new array). Each name's key is worked out once, not
 * on every comparison: folding and lower-casing a name is slow enough that sorting a register that way showed in the
 * profile of a tablet's start.
 */
export function sortPupils<T extends Named>(pupils: readonly T[]): T[] {
  return pupils
    .map((pupil) => ({ pupil, key: pupilSortKey(pupil) }))
    .sort((a, b) => collator.compare(a.key, b.key))
    .map(({ pupil }) => pupil);
}

// The school's own referral reasons, each mapped to the DfE reason code it is reported under (or none); schools edit them.
import { z } from 'zod';
import { idSchema } from './school';
import { dfeCodeProblem } from './exclusionReasons';

export interface ReferralCategory {
  id: string;
  label: string;
  dfeCode: string | null;
  /** Archived reasons stay on old referrals but are not offered for new ones. */
  archived: boolean;
}

export const referralCategorySchema = z
  .object({
    id: idSchema,
    label: z.string().trim().min(1, 'Name the reason').max(80, 'Keep the reason under 80 characters'),
    dfeCode: z.string().nullable(),
    archived: z.boolean().default(false),
  })
  .superRefine((c, ctx) => {
    const problem = dfeCodeProblem(c.dfeCode);
    if (problem) ctx.addIssue({ code: 'custom', path: ['dfeCode'], message: problem });
  });
export type ReferralCategoryInput = z.input<typeof referralCategorySchema>;

const category = (id: string, label: string, dfeCode: string | null): ReferralCategory => ({ id, label, dfeCode, archived: false });

/** What a school starts with; its edits are stored over these in the school document. */
export const defaultReferralCategories: readonly ReferralCategory[] = [
  category('disruption', 'Persistent disruption in lessons', 'DB'),
  category('defiance', 'Defiance or refusal to follow instructions', 'DB'),
  category('verbal-staff', 'Abuse or threats towards staff', 'VA'),
  category('verbal-pupil', 'Abuse or threats towards a pupil', 'VP'),
  category('fight', 'Fighting or assault on a pupil', 'PP'),
  category('assault-staff', 'Physical assault on staff', 'PA'),
  category('bullying', 'Bullying', 'BU'),
  category('racist', 'Racist abuse', 'RA'),
  category('homophobic', 'Homophobic or transphobic abuse', 'LG'),
  category('disability', 'Disability-related abuse', 'DS'),
  category('sexual', 'Sexual misconduct', 'SM'),
  category('online', 'Misuse of phone, social media or online', 'MT'),
  category('damage', 'Damage to property', 'DM'),
  category('theft', 'Theft', 'TH'),
  category('drugs', 'Drugs, alcohol or vaping', 'DA'),
  category('weapon', 'Weapon or prohibited item', 'OW'),
  category('truancy', 'Truancy or leaving lessons', null),
  category('support', 'Support placement (SEMH, not a sanction)', null),
];

/** Defaults overlaid with the school's stored edits, then the school's own additions, in a stable order. */
export function mergeCategories(stored: ReferralCategory[]): ReferralCategory[] {
  const edits = new Map(stored.map((c) => [c.id, c]));
  const defaults = defaultReferralCategories.map((c) => edits.get(c.id) ?? c);
  const defaultIds = new Set(defaultReferralCategories.map((c) => c.id));
  const added = stored.filter((c) => !defaultIds.has(c.id)).sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
  return [...defaults, ...added];
}

/** Why these reasons cannot go on a new referral, or null: at most three, no repeats, each known and in use. */
export function reasonsProblem(ids: string[], categories: ReferralCategory[]): string | null {
  if (ids.length === 0) return 'Choose a reason';
  if (ids.length > 3) return 'Choose at most three reasons';
  if (new Set(ids).size !== ids.length) return 'Choose each reason once';
  for (const id of ids) {
    const c = categories.find((k) => k.id === id);
    if (!c) return `Unknown reason: ${id}`;
    if (c.archived) return `“${c.label}” is no longer in use: choose another reason`;
    const problem = dfeCodeProblem(c.dfeCode);
    if (problem) return `“${c.label}” maps to a code that cannot be used: ${problem}`;
  }
  return null;
}

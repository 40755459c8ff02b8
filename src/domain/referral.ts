// Referrals to the room: who referred whom, for what, and where the referral has got to (requested → … → done).
import { z } from 'zod';
import { isoDateSchema } from './time';
import { idSchema } from './school';
import type { DfeReasonCode } from './exclusionReasons';

/** The school's own reasons, each mapped to the DfE code it is reported under (or none). Schools will edit these. */
export interface ReferralCategory {
  id: string;
  label: string;
  dfeCode: DfeReasonCode | null;
}

export const defaultReferralCategories: ReferralCategory[] = [
  { id: 'disruption', label: 'Persistent disruption in lessons', dfeCode: 'DB' },
  { id: 'defiance', label: 'Defiance or refusal to follow instructions', dfeCode: 'DB' },
  { id: 'verbal-staff', label: 'Abuse or threats towards staff', dfeCode: 'VA' },
  { id: 'verbal-pupil', label: 'Abuse or threats towards a pupil', dfeCode: 'VP' },
  { id: 'fight', label: 'Fighting or assault on a pupil', dfeCode: 'PP' },
  { id: 'assault-staff', label: 'Physical assault on staff', dfeCode: 'PA' },
  { id: 'bullying', label: 'Bullying', dfeCode: 'BU' },
  { id: 'racist', label: 'Racist abuse', dfeCode: 'RA' },
  { id: 'homophobic', label: 'Homophobic or transphobic abuse', dfeCode: 'LG' },
  { id: 'disability', label: 'Disability-related abuse', dfeCode: 'DS' },
  { id: 'sexual', label: 'Sexual misconduct', dfeCode: 'SM' },
  { id: 'online', label: 'Misuse of phone, social media or online', dfeCode: 'PL' },
  { id: 'damage', label: 'Damage to property', dfeCode: 'DM' },
  { id: 'theft', label: 'Theft', dfeCode: 'TH' },
  { id: 'drugs', label: 'Drugs, alcohol or vaping', dfeCode: 'DA' },
  { id: 'weapon', label: 'Weapon or prohibited item', dfeCode: 'OW' },
  { id: 'truancy', label: 'Truancy or leaving lessons', dfeCode: null },
  { id: 'support', label: 'Support placement (SEMH, not a sanction)', dfeCode: null },
];

export const referralCategory = (id: string) => defaultReferralCategories.find((c) => c.id === id);

export const referralStatuses = ['requested', 'accepted', 'scheduled', 'done', 'declined'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
export const referralStatusLabels: Record<ReferralStatus, string> = {
  requested: 'Requested',
  accepted: 'Accepted',
  scheduled: 'Scheduled',
  done: 'Done',
  declined: 'Declined',
};

/** Where each status may go next; anything else is refused. */
const nextStatuses: Record<ReferralStatus, readonly ReferralStatus[]> = {
  requested: ['accepted', 'declined'],
  accepted: ['scheduled', 'declined'],
  scheduled: ['done'],
  done: [],
  declined: [],
};

/** Why a move is not allowed, or null when it is. */
export function transitionProblem(from: ReferralStatus, to: ReferralStatus): string | null {
  if (nextStatuses[from].includes(to)) return null;
  const allowed = nextStatuses[from].map((s) => referralStatusLabels[s].toLowerCase());
  return `A ${referralStatusLabels[from].toLowerCase()} referral cannot be ${to === 'done' ? 'marked done' : referralStatusLabels[to].toLowerCase()}` +
    (allowed.length ? `: it can only be ${allowed.join(' or ')}` : ': it is closed');
}

export const referralInputSchema = z.object({
  referredBy: z.string().trim().min(1, 'Say who made the referral').max(80),
  date: isoDateSchema,
  period: z.string().trim().max(20).default(''),
  subject: z.string().trim().max(60).default(''),
  categoryId: z.string().refine((id) => !!referralCategory(id), 'Choose a reason'),
  description: z.string().trim().min(1, 'Describe what happened').max(2000),
  requestedDays: z.number({ error: 'Give the number of days requested' }).int().min(1, 'Request at least 1 day').max(60),
});
export type ReferralInput = z.input<typeof referralInputSchema>;

export const declineSchema = z.string().trim().min(1, 'Say why the referral is declined').max(500);

export const scheduleSchema = z.object({
  roomId: idSchema,
  start: isoDateSchema,
  days: z.number().int().min(1, 'Schedule at least 1 day').max(60),
});
export type ScheduleInput = z.infer<typeof scheduleSchema>;

export interface ReferralRow extends z.output<typeof referralInputSchema> {
  id: string;
  docName: string;
  pupilId: string;
  status: ReferralStatus;
  declinedReason: string;
  roomId: string | null;
  scheduledDays: string[];
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

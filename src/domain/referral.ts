// Referrals to the room: who referred whom, for what, and where the referral has got to (requested → … → done).
import { z } from 'zod';
import { isoDateSchema } from './time';
import { idSchema } from './school';
import type { SenStatus } from './pupil';

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
  /** Up to three of the school's reasons, most important first (the census takes up to three per exclusion). */
  categoryIds: z
    .array(z.string())
    .transform((ids) => ids.filter(Boolean))
    .refine((ids) => ids.length > 0, 'Choose a reason')
    .refine((ids) => ids.length <= 3, 'Choose at most three reasons')
    .refine((ids) => new Set(ids).size === ids.length, 'Choose each reason once'),
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

/** A reason as it stood when the referral was taken: later edits to the school's list do not rewrite old referrals. */
export interface ReferralReason {
  categoryId: string;
  label: string;
  dfeCode: string | null;
}

export interface ReferralRow extends z.output<typeof referralInputSchema> {
  id: string;
  reasons: ReferralReason[];
  /** Year group and SEN status when the referral was taken; null on referrals taken before Baseroom kept them. */
  yearGroupAtReferral: number | null;
  senAtReferral: SenStatus | null;
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

/** "Defiance or refusal to follow instructions; Damage to property" — the reasons as they were when taken. */
export const reasonsText = (r: Pick<ReferralRow, 'reasons'>) => r.reasons.map((x) => x.label).join('; ') || 'No reason recorded';
/** "DB, DM" — the referral's DfE codes in order, or "No DfE code". */
export const dfeCodesText = (r: Pick<ReferralRow, 'reasons'>) =>
  r.reasons.flatMap((x) => (x.dfeCode ? [x.dfeCode] : [])).join(', ') || 'No DfE code';

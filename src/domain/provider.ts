// Alternative providers the school places pupils with: contacts, safeguarding-policy date, and who attends on which days.
import { z } from 'zod';
import { idSchema } from './school';
import { addDays, isoDateSchema, type IsoDate } from './time';
import { providerArrangements } from './attendanceCodes';
import { onRollOn, type Pupil } from './pupil';
import { isSchoolDay, type SchoolCalendar } from './schoolCalendar';

/** Days of the week as Date.getDay() numbers (0 Sunday … 6 Saturday); listed Monday first. */
export const weekdays = [1, 2, 3, 4, 5, 6, 0] as const;
export const weekdayLabels: Record<number, string> = { 0: 'Sun', 1: 'Mon', 2: 'Tue', 3: 'Wed', 4: 'Thu', 5: 'Fri', 6: 'Sat' };
export const weekdaySchema = z.number().int().min(0).max(6);

export const providerSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1, 'Give the provider a name').max(80),
  contactName: z.string().trim().max(80).default(''),
  phone: z.string().trim().max(30).regex(/^[0-9 +()-]*$/, 'Use digits, spaces and + ( ) - only').default(''),
  email: z.union([z.literal(''), z.email('Not an email address')]).default(''),
  note: z.string().trim().max(300).default(''),
  /** When the provider received the school's child protection and safeguarding policy; empty if not yet. */
  policyReceivedOn: z.union([z.literal(''), isoDateSchema]).default(''),
  /** The provider's written confirmation that its staff have been checked (enhanced DBS, barred list): who signed it, when, and when to renew. */
  staffChecksConfirmedBy: z.string().trim().max(80).default(''),
  staffChecksConfirmedOn: z.union([z.literal(''), isoDateSchema]).default(''),
  staffChecksRenewBy: z.union([z.literal(''), isoDateSchema]).default(''),
  /** Who arranged the placement: decides B, K or D for a session the pupil attends. */
  arrangement: z.enum(providerArrangements).default('school'),
});
export type ProviderInput = z.input<typeof providerSchema>;

/** A confirmation needs all three parts, and cannot be renewed before it was given. */
export const providerFormSchema = providerSchema.superRefine((p, ctx) => {
  const parts = [p.staffChecksConfirmedBy, p.staffChecksConfirmedOn, p.staffChecksRenewBy];
  if (parts.some(Boolean) && !parts.every(Boolean)) {
    ctx.addIssue({ code: 'custom', path: ['staffChecksRenewBy'], message: 'Staff checks: give who confirmed them, the date of the letter and the renewal date' });
  } else if (p.staffChecksRenewBy && p.staffChecksRenewBy <= p.staffChecksConfirmedOn) {
    ctx.addIssue({ code: 'custom', path: ['staffChecksRenewBy'], message: 'Staff checks: the renewal date must be after the confirmation' });
  }
});
export type ProviderDetails = z.output<typeof providerSchema>;

export const attendanceDaysSchema = z.object({
  providerId: idSchema,
  pupilId: idSchema,
  days: z.array(weekdaySchema).max(7),
});

export interface Provider extends ProviderDetails {
  /** pupilId → the weekdays they attend. */
  attends: Record<string, number[]>;
}

export type PolicyStatus = 'missing' | 'out-of-date' | 'current';
export const policyStatusLabels: Record<PolicyStatus, string> = {
  missing: 'No safeguarding policy date recorded',
  'out-of-date': 'Safeguarding policy sent over a year ago',
  current: 'Safeguarding policy current',
};

/** A provider should hold the school's current policy: re-send it at least once a year. */
export function policyStatus(policyReceivedOn: string, today: IsoDate): PolicyStatus {
  if (!policyReceivedOn) return 'missing';
  return policyReceivedOn < addDays(today, -365) ? 'out-of-date' : 'current';
}

export type StaffChecksStatus = 'missing' | 'expired' | 'due-soon' | 'current';
export const staffChecksStatusLabels: Record<StaffChecksStatus, string> = {
  missing: 'No written confirmation of staff checks',
  expired: 'Staff checks confirmation out of date',
  'due-soon': 'Staff checks confirmation due for renewal',
  current: 'Staff checks confirmed',
};

/** The provider's written confirmation of its staff checks: flagged when missing, past its renewal date, or due within 30 days. */
export function staffChecksStatus(p: Pick<ProviderDetails, 'staffChecksConfirmedOn' | 'staffChecksRenewBy'>, today: IsoDate): StaffChecksStatus {
  if (!p.staffChecksConfirmedOn || !p.staffChecksRenewBy) return 'missing';
  if (p.staffChecksRenewBy < today) return 'expired';
  return p.staffChecksRenewBy <= addDays(today, 30) ? 'due-soon' : 'current';
}

export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** Pupils the provider expects on a date, from its weekday list. */
export function expectedPupils(provider: Pick<Provider, 'attends'>, date: IsoDate): string[] {
  const day = weekdayOf(date);
  return Object.entries(provider.attends)
    .filter(([, days]) => days.includes(day))
    .map(([pupilId]) => pupilId);
}

/**
 * The pupils the phone expects at a provider on a date: those who attend on its weekday, on a school day by the
 * school's calendar (a weekend, holiday, INSET day or closure has no session to mark), while they are on the roll.
 */
export function expectedOn(
  provider: Pick<Provider, 'attends'>,
  date: IsoDate,
  calendar: Pick<SchoolCalendar, 'halfTerms' | 'closures'>,
  pupils: ReadonlyMap<string, Pick<Pupil, 'leftOn'>>,
): string[] {
  if (!isSchoolDay(date, calendar)) return [];
  return expectedPupils(provider, date).filter((id) => onRollOn(pupils.get(id), date));
}


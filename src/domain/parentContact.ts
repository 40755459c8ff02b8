// Contact with a pupil's parents or carers: when, how, with whom, what was said and what follows.
import { z } from 'zod';
import { isoDateSchema } from './time';

export const contactMethods = ['phone', 'email', 'meeting', 'letter'] as const;
export type ContactMethod = (typeof contactMethods)[number];
export const contactMethodLabels: Record<ContactMethod, string> = {
  phone: 'Phone call',
  email: 'Email',
  meeting: 'Meeting',
  letter: 'Letter',
};

export const parentContactInputSchema = z.object({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Give the date and time'),
  method: z.enum(contactMethods),
  withWhom: z.string().trim().min(1, 'Say who you spoke to').max(120),
  summary: z.string().trim().min(1, 'Summarise the contact').max(2000),
  outcome: z.string().trim().max(1000).default(''),
  followUpDue: isoDateSchema.or(z.literal('')).default(''),
});
export type ParentContactInput = z.input<typeof parentContactInputSchema>;

export interface ParentContactRow extends z.output<typeof parentContactInputSchema> {
  id: string;
  docName: string;
  pupilId: string;
  createdBy: string;
  createdAt: string;
  /** Who did the follow-up and when; until then it is listed from its due date. */
  followUpDoneBy: string | null;
  followUpDoneAt: string | null;
  /**
   * The follow-up's due date while it is not done, absent otherwise: an index (a date in clear beside the sealed row),
   * so the follow-ups to do are read without opening every contact of the school's year.
   */
  openFollowUpDue?: string;
}

/** Follow-ups due by `today` and not yet done, the longest overdue first. */
export function followUpsDue<T extends Pick<ParentContactRow, 'followUpDue' | 'followUpDoneAt'>>(contacts: T[], today: string): T[] {
  return contacts
    .filter((c) => c.followUpDue && c.followUpDue <= today && !c.followUpDoneAt)
    .sort((a, b) => a.followUpDue.localeCompare(b.followUpDue));
}

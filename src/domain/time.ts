// Dates and times as schools write them: ISO dates in storage, en-GB and 24-hour on screen.
import { z } from 'zod';
import { toIsoDate as isoDateOf } from './isoDate';

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'Not a real date');

export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Time must be 24-hour HH:MM');

export type IsoDate = z.infer<typeof isoDateSchema>;
export type ClockTime = z.infer<typeof clockTimeSchema>;

const pad = (n: number) => String(n).padStart(2, '0');

export const toIsoDate = (d: Date): IsoDate => isoDateOf(d);

/**
 * The calendar day a stored timestamp (UTC, from toISOString) fell on for the school, by this device's clock: a
 * referral closed at 00:30 on 10 June (BST) is stored as 23:30Z on 9 June, and slicing the text would say 9 June.
 */
export const localDateOf = (timestamp: string): IsoDate => toIsoDate(new Date(timestamp));

export function toClockTime(d: Date): ClockTime {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function minutesOf(time: ClockTime): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T12:00:00`);
  d.setDate(d.getDate() + days);
  return toIsoDate(d);
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Built by hand rather than with toLocaleDateString: ICU versions disagree on commas in en-GB dates.
function dateParts(date: IsoDate) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return { day: d, month: MONTHS[m - 1]!, weekday: DAYS[weekday]!, year: y };
}

/** "Mon 23 Nov" — the short day label used across the app. */
export function formatDayLabel(date: IsoDate): string {
  const p = dateParts(date);
  return `${p.weekday.slice(0, 3)} ${p.day} ${p.month.slice(0, 3)}`;
}

/** "Monday 23 November 2026" — for headings and the register's title. */
export function formatLongDate(date: IsoDate): string {
  const p = dateParts(date);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "23/11/2026 14:05" from an ISO timestamp, for "who and when" lines. */
export function formatStamp(iso: string): string {
  const d = new Date(iso);
  return `${d.toLocaleDateString('en-GB')} ${toClockTime(d)}`;
}

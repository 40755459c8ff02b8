// Half terms of the English school year, for "this half term" counts until schools enter their own calendar.
import type { IsoDate } from './time';

/** Typical first days of each half term (month-day), autumn to summer. Schools' exact dates vary by a week or two. */
const HALF_TERM_STARTS = ['09-01', '10-27', '01-01', '02-20', '04-14', '06-02'] as const;

export function halfTermStart(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  const candidates = [year - 1, year].flatMap((y) => HALF_TERM_STARTS.map((md) => `${y}-${md}`));
  return candidates.filter((start) => start <= date).sort().at(-1)!;
}

// Copying last year's pattern forward: same weekdays a year on, the Easter holiday moved with Easter, bank holidays recomputed.
import { addDays, type IsoDate } from './time';
import { halfTermId, weekday, type Closure, type HalfTerm } from './schoolCalendar';
import { yearRange } from './halfTerm';

const pad = (n: number) => String(n).padStart(2, '0');

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm of 1876). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const mondayOnOrAfter = (date: IsoDate) => addDays(date, (8 - weekday(date)) % 7);
const weekdayOnOrAfter = (date: IsoDate) => addDays(date, weekday(date) === 6 ? 2 : weekday(date) === 0 ? 1 : 0);
const lastMondayOf = (year: number, month: number) => {
  const last = addDays(`${month === 12 ? year + 1 : year}-${pad((month % 12) + 1)}-01`, -1);
  return addDays(last, -((weekday(last) + 6) % 7));
};

/** England and Wales bank holidays in a calendar year, with weekend substitutes. */
export function englandBankHolidays(year: number): { date: IsoDate; label: string }[] {
  const easter = easterSunday(year);
  const christmas = `${year}-12-25`;
  const xmasDay = weekday(christmas);
  // Christmas on Saturday moves to Monday 27 and Boxing Day to Tuesday 28; on Sunday, Boxing Day keeps Monday 26.
  const christmasObserved = xmasDay === 6 ? `${year}-12-27` : xmasDay === 0 ? `${year}-12-27` : christmas;
  const boxingObserved = xmasDay === 6 ? `${year}-12-28` : xmasDay === 5 ? `${year}-12-28` : `${year}-12-26`;
  return [
    { date: weekdayOnOrAfter(`${year}-01-01`), label: 'New Year’s Day' },
    { date: addDays(easter, -2), label: 'Good Friday' },
    { date: addDays(easter, 1), label: 'Easter Monday' },
    { date: mondayOnOrAfter(`${year}-05-01`), label: 'Early May bank holiday' },
    { date: lastMondayOf(year, 5), label: 'Spring bank holiday' },
    { date: lastMondayOf(year, 8), label: 'Summer bank holiday' },
    { date: christmasObserved, label: 'Christmas Day' },
    { date: boxingObserved, label: 'Boxing Day' },
  ];
}

const YEAR_ON = 364; // 52 weeks: every date keeps its weekday.
/** The first day a year on, same weekday, but never before 1 September: 52 weeks would creep into August. */
const autumnStart = (first: IsoDate, year: number): IsoDate => {
  const moved = addDays(first, YEAR_ON);
  return moved < `${year}-09-01` ? addDays(moved, 7) : moved;
};
const aroundEaster = /easter/i;

/**
 * Next year's calendar from this year's: half terms and INSET days a year on (same weekdays); the end of Spring 2,
 * the start of Summer 1 and the Easter holiday move with Easter; bank holidays are recomputed for the new dates.
 */
export function rollForward(halfTerms: HalfTerm[], closures: Closure[], year: number): { halfTerms: HalfTerm[]; closures: Omit<Closure, 'id'>[] } {
  const easterShift = Math.round((Date.parse(easterSunday(year + 2)) - Date.parse(easterSunday(year + 1))) / 86_400_000);
  const terms = halfTerms
    .filter((h) => h.year === year)
    .map((h) => ({
      ...h,
      id: halfTermId(year + 1, h.name),
      year: year + 1,
      first: h.name === 'Summer 1' ? addDays(h.first, easterShift) : h.name === 'Autumn 1' ? autumnStart(h.first, year + 1) : addDays(h.first, YEAR_ON),
      last: addDays(h.last, h.name === 'Spring 2' ? easterShift : YEAR_ON),
    }));
  const range = yearRange({ halfTerms }, year);
  const next = yearRange({ halfTerms: terms }, year + 1);
  if (!range || !next) return { halfTerms: [], closures: [] };
  const copied = closures
    .filter((c) => c.kind !== 'bank-holiday' && range.first <= c.from && c.to <= range.last)
    .map(({ id: _id, ...c }) => {
      const shift = aroundEaster.test(c.label) ? easterShift : YEAR_ON;
      return { ...c, from: addDays(c.from, shift), to: addDays(c.to, shift) };
    });
  const bank = [year + 1, year + 2]
    .flatMap(englandBankHolidays)
    .filter((b) => next.first <= b.date && b.date <= next.last && terms.some((h) => h.first <= b.date && b.date <= h.last))
    .map((b) => ({ from: b.date, to: b.date, label: b.label, kind: 'bank-holiday' as const }));
  return { halfTerms: terms, closures: [...copied, ...bank].sort((a, b) => a.from.localeCompare(b.from)) };
}

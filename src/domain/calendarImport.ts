// Pasted or CSV term dates ("2026-10-26,2026-10-30,Half term"): every line parsed, every bad line named with its reason.
import { isoDateSchema, type IsoDate } from './time';
import {
  halfTermId,
  halfTermNames,
  halfTermSchema,
  schoolYearOfHalfTerm,
  type Closure,
  type ClosureKind,
  type HalfTerm,
  type HalfTermName,
} from './schoolCalendar';
import type { CalendarProblem, Lined } from './calendarChecks';

export interface CalendarImport {
  halfTerms: Lined<HalfTerm>[];
  closures: Lined<Omit<Closure, 'id'>>[];
  problems: CalendarProblem[];
}

/** Accepts 2026-10-26 or 26/10/2026 (how UK spreadsheets write it); null when neither is a real date. */
export function parseDate(text: string): IsoDate | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return isoDateSchema.safeParse(iso).success ? iso : null;
}

function halfTermName(label: string): HalfTermName | null {
  const m = /^(autumn|spring|summer)(?: term)?\s*(1|2)$/i.exec(label.trim());
  if (!m) return null;
  return halfTermNames.find((n) => n.toLowerCase() === `${m[1]!.toLowerCase()} ${m[2]}`) ?? null;
}

export function closureKindOf(label: string): ClosureKind {
  if (/bank holiday|good friday|easter monday|christmas day|boxing day|new year.s day|may day/i.test(label)) return 'bank-holiday';
  if (/inset|training/i.test(label)) return 'inset';
  if (/holiday|half term|christmas|easter|summer|break/i.test(label)) return 'holiday';
  return 'closure';
}

/** Lines are "first day,last day,name": a name like "Autumn 1" is a half term, anything else a closure. */
export function parseCalendarText(text: string): CalendarImport {
  const out: CalendarImport = { halfTerms: [], closures: [], problems: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#') || /^first/i.test(trimmed)) return;
    const cells = trimmed.split(/[,\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    const problem = (reason: string) => out.problems.push({ line, reason });
    if (cells.length < 3 || !cells[2]) return problem('expected first day, last day and a name, e.g. 2026-10-26,2026-10-30,Half term');
    const [fromText, toText, label] = cells as [string, string, string];
    const from = parseDate(fromText);
    const to = toText ? parseDate(toText) : from;
    if (!from) return problem(`“${fromText}” is not a date (use 2026-10-26 or 26/10/2026)`);
    if (!to) return problem(`“${toText}” is not a date (use 2026-10-26 or 26/10/2026)`);
    if (to < from) return problem(`${label} ends before it starts`);
    if (label.length > 60) return problem('the name is longer than 60 characters');
    const name = halfTermName(label);
    if (name) {
      const parsed = halfTermSchema.parse({ name, first: from, last: to });
      const year = schoolYearOfHalfTerm(parsed);
      out.halfTerms.push({ ...parsed, id: halfTermId(year, name), year, line });
    } else {
      out.closures.push({ from, to, label, kind: closureKindOf(label), line });
    }
  });
  if (!out.halfTerms.length && !out.closures.length && !out.problems.length) out.problems.push({ line: null, reason: 'Nothing to import: paste one line per half term or closure' });
  return out;
}

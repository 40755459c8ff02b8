// Reads a pupil roster CSV exported from the MIS into checked pupils, reporting each bad row by line and reason.
import Papa from 'papaparse';
import { pupilInputSchema, type PupilInput } from '../domain/pupil';
import {
  matchColumns,
  parseSenStatus,
  parseYearGroup,
  requiredRosterFields,
  rosterFields,
  type RosterField,
} from './rosterFields';

export { planRosterImport, type RosterImportPlan } from './planImport';
export { rosterFieldLabels, type RosterField } from './rosterFields';

export interface RosterRow {
  /** 1-based line in the file as a spreadsheet or text editor shows it (the header is usually line 1). */
  line: number;
  pupil: PupilInput;
}

export interface RosterError {
  line: number;
  /** A sentence for the user, e.g. "Line 7: UPN check letter does not match". */
  reason: string;
}

export interface RosterParseResult {
  /** The file's header for each field, or undefined where no column matched. */
  columns: Record<RosterField, string | undefined>;
  /** Required fields with no matching column; when any are missing, no rows are read. */
  missingColumns: RosterField[];
  rows: RosterRow[];
  errors: RosterError[];
}

interface RawRow {
  line: number;
  cells: string[];
  unclosedQuote: boolean;
}

/** Splits the text into rows, each with the line it starts on, skipping blank lines. */
function readRows(text: string): RawRow[] {
  const rows: RawRow[] = [];
  let start = 0;
  let line = 1;
  let counted = 0;
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', '\t'],
    step: (result) => {
      for (; counted < start; counted++) if (text.charCodeAt(counted) === 10) line++;
      const cells = result.data;
      if (cells.some((c) => c.trim() !== '')) {
        rows.push({ line, cells, unclosedQuote: result.errors.some((e) => e.type === 'Quotes') });
      }
      start = result.meta.cursor;
    },
  });
  return rows;
}

/** The header is the first row naming at least two required columns, so title lines above it are skipped. */
function findHeader(rows: RawRow[]): number {
  const index = rows.slice(0, 10).findIndex((row) => {
    const columns = matchColumns(row.cells);
    return requiredRosterFields.filter((f) => columns[f] !== undefined).length >= 2;
  });
  return Math.max(index, 0);
}

/** "Legal surname is missing" reads as "legal surname is missing" after "Line 7:"; "UPN …" keeps its capitals. */
const inSentence = (message: string) => (/^[A-Z][a-z]/.test(message) ? message[0]!.toLowerCase() + message.slice(1) : message);

function readPupil(cells: string[], columns: Record<RosterField, number | undefined>): { pupil?: PupilInput; problems: string[] } {
  const cell = (field: RosterField) => {
    const index = columns[field];
    return index === undefined ? undefined : (cells[index] ?? '').trim();
  };
  const problems: string[] = [];
  const year = parseYearGroup(cell('yearGroup') ?? '');
  if (!year.ok) problems.push(year.reason);
  const sen = parseSenStatus(cell('sen') ?? '');
  if (!sen.ok) problems.push(sen.reason);
  const candidate: Record<string, unknown> = { yearGroup: year.ok ? year.value : 7, sen: sen.ok ? sen.value : 'none' };
  for (const field of ['upn', 'misId', 'legalSurname', 'legalForename', 'preferredName', 'tutorGroup', 'keyNeeds'] as const) {
    const value = cell(field);
    if (value !== undefined && (value !== '' || requiredRosterFields.includes(field))) candidate[field] = value;
  }
  const parsed = pupilInputSchema.safeParse(candidate);
  if (!parsed.success) problems.unshift(...parsed.error.issues.map((issue) => inSentence(issue.message)));
  if (problems.length > 0) return { problems };
  const pupil = parsed.data as PupilInput;
  for (const key of Object.keys(pupil) as (keyof PupilInput)[]) if (pupil[key] === undefined) delete pupil[key];
  return { pupil, problems };
}

export function parseRosterCsv(text: string): RosterParseResult {
  const rows = readRows(text.replace(/^\uFEFF/, ''));
  const headerIndex = findHeader(rows);
  const header = rows[headerIndex];
  const indexes = matchColumns(header?.cells ?? []);
  const columns = {} as Record<RosterField, string | undefined>;
  for (const field of rosterFields) {
    const index = indexes[field];
    columns[field] = index === undefined ? undefined : header?.cells[index]?.trim();
  }
  const missingColumns = requiredRosterFields.filter((f) => indexes[f] === undefined);
  const result: RosterParseResult = { columns, missingColumns, rows: [], errors: [] };
  if (missingColumns.length > 0) return result;

  const firstLineOf = { upn: new Map<string, number>(), misId: new Map<string, number>() };
  for (const row of rows.slice(headerIndex + 1)) {
    const fail = (reason: string) => result.errors.push({ line: row.line, reason: `Line ${row.line}: ${reason}` });
    if (row.unclosedQuote) {
      fail('a quoted field is never closed (a " is missing), so the rest of the file could not be read');
      continue;
    }
    const { pupil, problems } = readPupil(row.cells, indexes);
    if (!pupil) {
      fail(problems.join('; '));
      continue;
    }
    const earlierUpn = firstLineOf.upn.get(pupil.upn);
    const earlierMisId = pupil.misId === undefined ? undefined : firstLineOf.misId.get(pupil.misId);
    if (earlierUpn !== undefined) fail(`UPN ${pupil.upn} is already on line ${earlierUpn}`);
    else if (earlierMisId !== undefined) fail(`MIS id ${pupil.misId} is already on line ${earlierMisId}`);
    else {
      firstLineOf.upn.set(pupil.upn, row.line);
      if (pupil.misId !== undefined) firstLineOf.misId.set(pupil.misId, row.line);
      result.rows.push({ line: row.line, pupil });
    }
  }
  return result;
}

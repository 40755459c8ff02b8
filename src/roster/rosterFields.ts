// The roster columns Baseroom reads from MIS exports (SIMS, Arbor, Bromcom): header synonyms and cell values.
import type { SenStatus } from '../domain/pupil';

export const rosterFields = [
  'upn',
  'misId',
  'legalSurname',
  'legalForename',
  'preferredName',
  'yearGroup',
  'tutorGroup',
  'sen',
  'keyNeeds',
] as const;
export type RosterField = (typeof rosterFields)[number];

/** Without these a row cannot become a pupil; SEN defaults to none when the column is absent. */
export const requiredRosterFields: readonly RosterField[] = ['upn', 'legalSurname', 'legalForename', 'yearGroup', 'tutorGroup'];

export const rosterFieldLabels: Record<RosterField, string> = {
  upn: 'UPN',
  misId: 'MIS id (admission number)',
  legalSurname: 'Legal surname',
  legalForename: 'Legal forename',
  preferredName: 'Preferred name',
  yearGroup: 'Year group',
  tutorGroup: 'Registration group',
  sen: 'SEN status',
  keyNeeds: 'Key needs',
};

/** Header names as normalised by `headerKey`, best match first. */
const HEADER_SYNONYMS: Record<RosterField, readonly string[]> = {
  upn: ['upn', 'uniquepupilnumber', 'pupilupn', 'studentupn'],
  misId: ['adno', 'admissionno', 'admissionnumber', 'misid', 'arborid', 'studentid', 'personid', 'pupilid', 'bromcomid'],
  legalSurname: ['legalsurname', 'legallastname', 'surname', 'lastname', 'familyname', 'surnamelegal'],
  legalForename: ['legalforename', 'legalfirstname', 'forename', 'firstname', 'givenname', 'forenamelegal'],
  preferredName: ['preferredforename', 'preferredfirstname', 'preferredname', 'knownas', 'chosenname'],
  yearGroup: ['yeargroup', 'ncyear', 'year', 'yr', 'nationalcurriculumyear', 'curriculumyear'],
  tutorGroup: ['reggroup', 'registrationgroup', 'registrationform', 'tutorgroup', 'formgroup', 'form', 'reg'],
  sen: ['senstatus', 'sen', 'senprovision', 'sendstatus', 'send', 'senneed'],
  keyNeeds: ['keyneeds', 'pupilpassport', 'strategies'],
};

/** "Legal Surname", "legal_surname" and "LEGAL-SURNAME " all become "legalsurname". */
export const headerKey = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Which column (by index) holds each field; each header is used at most once, best synonym first. */
export function matchColumns(headers: readonly string[]): Record<RosterField, number | undefined> {
  const keys = headers.map(headerKey);
  const taken = new Set<number>();
  const found = {} as Record<RosterField, number | undefined>;
  for (const field of rosterFields) {
    found[field] = undefined;
    for (const synonym of HEADER_SYNONYMS[field]) {
      const index = keys.findIndex((k, i) => k === synonym && !taken.has(i));
      if (index >= 0) {
        found[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  return found;
}

export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** "Year 9", "Y9", "Yr 9", "NC Year 9", "09" and "9" are all Year 9; only Years 7–13 are accepted. */
export function parseYearGroup(raw: string): CellResult<number> {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'year group is missing' };
  const match = /^(?:nc\s*)?(?:year|yr|y)?\s*(\d{1,2})$/i.exec(text);
  const year = match ? Number(match[1]) : NaN;
  if (year >= 7 && year <= 13) return { ok: true, value: year };
  return { ok: false, reason: `year group '${text}' is not a secondary year (7–13)` };
}

const SEN_CODES = new Map<string, SenStatus>(
  Object.entries({
  '': 'none', n: 'none', no: 'none', none: 'none', nosen: 'none', notsen: 'none', nosend: 'none',
  k: 'sen-support', sensupport: 'sen-support', support: 'sen-support', senk: 'sen-support',
  // A and P (School Action / Action Plus) are the pre-2014 codes that became SEN support.
  a: 'sen-support', p: 'sen-support', schoolaction: 'sen-support', schoolactionplus: 'sen-support',
  e: 'ehcp', ehcp: 'ehcp', ehc: 'ehcp', ehcplan: 'ehcp', educationhealthandcareplan: 'ehcp',
  // S (statement of SEN) was replaced by the EHC plan.
  s: 'ehcp', statement: 'ehcp',
  } satisfies Record<string, SenStatus>),
);

/** SEN codes and words as MIS exports write them: N / K / E, "SEN Support", "EHC Plan", blank. */
export function parseSenStatus(raw: string): CellResult<SenStatus> {
  const status = SEN_CODES.get(raw.toLowerCase().replace(/[^a-z]/g, ''));
  if (status) return { ok: true, value: status };
  return { ok: false, reason: `SEN status '${raw.trim()}' is not recognised (expected N, K or E)` };
}

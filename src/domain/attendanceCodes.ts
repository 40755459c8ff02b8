// Attendance and absence codes for England (2024), and which of them an off-site assistant may record.
/*
 * Source: The School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208), in force
 * 19 August 2024: regulation 10 requires the attendance register to record, at the start of each morning
 * and afternoon session, whether each pupil is present, attending an approved educational activity, absent
 * or unable to attend due to exceptional circumstances, using the categories in the Schedule; the DfE's
 * "Working together to improve school attendance" (August 2024) gives the national codes below.
 * Wording is paraphrased from that table. `countsAs` follows it: "off-site" codes (K, V, P, W, B) count as
 * attendance; D is not a possible session at this school (the pupil is registered at another); Y codes are
 * not possible sessions; "authorised"/"unauthorised" are absences.
 *
 * The off-site assistant never chooses an absence code: a pupil at the provider is recorded B, K or D by
 * the provider's arrangement (set in Settings), and a pupil not there is "not present" with a follow-up;
 * the school's attendance officer then settles the code (C2, E, I, M, O, G, Y1–Y7, Q …), except for a
 * pupil dual registered at the provider, whose sessions there are D either way (offsite.ts, codeForMark).
 * Which mark a room day in school proposes for each session, and which it leaves to the MIS: sessionMarks.ts.
 */
export type CountsAs = 'present' | 'off-site' | 'not-possible' | 'authorised' | 'unauthorised' | 'administrative';

const code = (meaning: string, countsAs: CountsAs) => ({ meaning, countsAs });

export const attendanceCodes = {
  '/': code('Present (morning)', 'present'),
  '\\': code('Present (afternoon)', 'present'),
  L: code('Late, arrived before the register closed', 'present'),
  K: code('Attending education provision arranged by the local authority', 'off-site'),
  V: code('Attending an educational visit or trip', 'off-site'),
  P: code('Participating in a supervised sporting activity', 'off-site'),
  W: code('Attending work experience', 'off-site'),
  B: code('Attending any other approved educational activity', 'off-site'),
  D: code('Dual registered: attending another school at which they are registered', 'not-possible'),
  C1: code('Leave of absence: regulated performance or employment abroad', 'authorised'),
  M: code('Leave of absence: medical or dental appointment', 'authorised'),
  J1: code('Leave of absence: interview', 'authorised'),
  S: code('Leave of absence: study leave', 'authorised'),
  X: code('Not required to be in school (non-compulsory school age)', 'not-possible'),
  C2: code('Leave of absence: part-time timetable', 'authorised'),
  C: code('Leave of absence: exceptional circumstances', 'authorised'),
  T: code('Parent travelling for occupational purposes', 'authorised'),
  R: code('Religious observance', 'authorised'),
  I: code('Illness', 'authorised'),
  E: code('Suspended or permanently excluded, no alternative provision made', 'authorised'),
  Q: code('Unable to attend: lack of access arrangements', 'not-possible'),
  Y1: code('Unable to attend: transport normally provided not available', 'not-possible'),
  Y2: code('Unable to attend: widespread disruption to travel', 'not-possible'),
  Y3: code('Unable to attend: part of the school premises closed', 'not-possible'),
  Y4: code('Unable to attend: whole school site unexpectedly closed', 'not-possible'),
  Y5: code('Unable to attend: in criminal justice detention', 'not-possible'),
  Y6: code('Unable to attend: public health guidance or law', 'not-possible'),
  Y7: code('Unable to attend: any other unavoidable cause', 'not-possible'),
  G: code('Holiday not granted by the school', 'unauthorised'),
  N: code('Reason for absence not yet provided', 'unauthorised'),
  O: code('Absent in other or unknown circumstances', 'unauthorised'),
  U: code('Arrived after the register closed', 'unauthorised'),
  Z: code('Prospective pupil not on the admission register', 'administrative'),
  '#': code('Planned whole or partial school closure', 'administrative'),
} as const;
export type AttendanceCode = keyof typeof attendanceCodes;
export const attendanceCodeList = Object.keys(attendanceCodes) as AttendanceCode[];
export const isAttendanceCode = (v: unknown): v is AttendanceCode => typeof v === 'string' && Object.hasOwn(attendanceCodes, v);
export const codeLabel = (c: AttendanceCode) => `${c} — ${attendanceCodes[c].meaning}`;

/** How a provider's placement is arranged, which decides the code of a session the pupil attends there. */
export const providerArrangements = ['school', 'local-authority', 'dual-registration'] as const;
export type ProviderArrangement = (typeof providerArrangements)[number];
export const arrangementCodes: Record<ProviderArrangement, 'B' | 'K' | 'D'> = { school: 'B', 'local-authority': 'K', 'dual-registration': 'D' };
export const arrangementLabels: Record<ProviderArrangement, string> = {
  school: 'Arranged by the school (B: approved educational activity)',
  'local-authority': 'Arranged by the local authority (K)',
  'dual-registration': 'Dual registered at the provider (D)',
};

/** Codes the attendance officer may settle a "not present" off-site session with: every code that is not present or attending. */
export const officerCodes = attendanceCodeList.filter((c) => !['present', 'off-site', 'administrative'].includes(attendanceCodes[c].countsAs) && c !== 'D');

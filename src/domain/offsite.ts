// Off-site check-ins at alternative providers: DfE attendance code, times, welfare, incidents and progress against the plan.
import { z } from 'zod';
import { idSchema } from './school';
import { clockTimeSchema, minutesOf } from './time';
import { gradeSchema } from './register';

/*
 * Codes from "Working together to improve school attendance" (statutory from 19 August 2024) and
 * the School Attendance (Pupil Registration) (England) Regulations 2024. Verified against public
 * sources: / and \ present; K (new in 2024) attending education provision arranged by the local
 * authority; B narrowed to "attending any other approved educational activity" (supervised, not
 * remote learning). Not verified here, from the guidance as remembered: D, L, U, I, M, C, C2, E,
 * N, O wording. Check against the current DfE table before the school's MIS export relies on them.
 */
export const attendanceCodes = {
  '/': { meaning: 'Present (morning)', counts: 'present' },
  '\\': { meaning: 'Present (afternoon)', counts: 'present' },
  L: { meaning: 'Late, arrived before the register closed', counts: 'present' },
  B: { meaning: 'Attending any other approved educational activity', counts: 'educated-off-site' },
  K: { meaning: 'Attending education provision arranged by the local authority', counts: 'educated-off-site' },
  D: { meaning: 'Dual registered: attending another school', counts: 'educated-off-site' },
  U: { meaning: 'Arrived after the register closed', counts: 'absent' },
  I: { meaning: 'Illness', counts: 'absent' },
  M: { meaning: 'Medical or dental appointment', counts: 'absent' },
  C2: { meaning: 'Leave of absence: part-time timetable', counts: 'absent' },
  E: { meaning: 'Suspended or excluded, no alternative provision', counts: 'absent' },
  N: { meaning: 'Absent, reason not yet established', counts: 'absent' },
  O: { meaning: 'Absent in other or unknown circumstances', counts: 'absent' },
} as const;
export type AttendanceCode = keyof typeof attendanceCodes;
export const attendanceCodeList = Object.keys(attendanceCodes) as AttendanceCode[];
export const isAttendanceCode = (v: unknown): v is AttendanceCode => typeof v === 'string' && v in attendanceCodes;
export const isAbsenceCode = (code: AttendanceCode) => attendanceCodes[code].counts === 'absent';
export const codeLabel = (code: AttendanceCode) => `${code} — ${attendanceCodes[code].meaning}`;

export const welfareMoods = ['settled', 'okay', 'low', 'upset', 'unwell'] as const;
export type WelfareMood = (typeof welfareMoods)[number];
export const welfareMoodLabels: Record<WelfareMood, string> = {
  settled: 'Settled, positive',
  okay: 'Okay',
  low: 'Low or withdrawn',
  upset: 'Upset or angry',
  unwell: 'Unwell',
};

export const OFFSITE_CONCERN_PROMPT =
  'Log the concern on CPOMS now and tell the DSL. Do not write the disclosure in Baseroom.';

/** The two check-in rules: no departure before arrival, and a non-attendance code needs a follow-up note. */
export function checkInProblems(v: { code: AttendanceCode | null; arrivedAt: string; leftAt: string; followUp: string }) {
  const problems: { path: 'leftAt' | 'followUp' | 'code'; message: string }[] = [];
  if (v.leftAt && !v.arrivedAt) problems.push({ path: 'leftAt', message: 'Record the arrival time before the departure' });
  if (v.leftAt && v.arrivedAt && minutesOf(v.leftAt) < minutesOf(v.arrivedAt)) {
    problems.push({ path: 'leftAt', message: `Departure at ${v.leftAt} is before arrival at ${v.arrivedAt}` });
  }
  if (v.code && isAbsenceCode(v.code) && !v.followUp.trim()) {
    problems.push({ path: 'followUp', message: `Code ${v.code} is a non-attendance: write the follow-up (who was told, what next)` });
  }
  if (!v.code && (v.arrivedAt || v.followUp.trim())) problems.push({ path: 'code', message: 'Choose an attendance code' });
  return problems;
}

const optionalTime = z.union([z.literal(''), clockTimeSchema]);

export const checkInInputSchema = z
  .object({
    pupilId: idSchema,
    code: z.enum(attendanceCodeList as [AttendanceCode, ...AttendanceCode[]]).nullable(),
    arrivedAt: optionalTime.default(''),
    leftAt: optionalTime.default(''),
    followUp: z.string().trim().max(500, 'Keep the follow-up under 500 characters').default(''),
    mood: z.enum(welfareMoods).nullable().default(null),
    welfareNote: z.string().trim().max(300, 'Keep the welfare note short').default(''),
    /** A safeguarding concern is only a flag: the details go on CPOMS. */
    concern: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    for (const p of checkInProblems(v)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });
export type CheckInInput = z.input<typeof checkInInputSchema>;

export const incidentInputSchema = z.object({
  pupilId: idSchema,
  at: clockTimeSchema,
  reportedBy: z.string().trim().max(80).default(''),
  what: z.string().trim().min(1, 'Say what happened').max(1000),
  decided: z.string().trim().min(1, 'Say what was decided (with the coordinator or SLT)').max(500),
});
export type IncidentInput = z.input<typeof incidentInputSchema>;

export const progressInputSchema = z.object({
  pupilId: idSchema,
  target: z.string().trim().min(1, 'Write the IBEC target').max(200),
  rating: gradeSchema,
  note: z.string().trim().max(500).default(''),
});
export type ProgressInput = z.input<typeof progressInputSchema>;

interface DayRow {
  docName: string;
  providerId: string;
  date: string;
  pupilId: string;
}

export interface CheckInRow extends DayRow {
  id: string;
  code: AttendanceCode | null;
  arrivedAt: string | null;
  leftAt: string | null;
  followUp: string;
  mood: WelfareMood | null;
  welfareNote: string;
  concern: boolean;
  concernRaisedBy: string | null;
  concernRaisedAt: string | null;
  concernLoggedBy: string | null;
  concernLoggedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface IncidentRow extends DayRow {
  id: string;
  at: string;
  reportedBy: string;
  what: string;
  decided: string;
  createdBy: string;
  createdAt: string;
}

export interface ProgressRow extends DayRow {
  id: string;
  target: string;
  rating: number;
  note: string;
  createdBy: string;
  createdAt: string;
}

export const isUnconfirmedConcern = (c: Pick<CheckInRow, 'concern' | 'concernLoggedAt'>) => c.concern && !c.concernLoggedAt;

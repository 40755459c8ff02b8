// The DfE's suspension and permanent exclusion reason codes (school census), with their wording and which may be used now.
/*
 * Source: DfE, "School census 2024 to 2025: guide" — data item "Suspension / permanent exclusion reason"
 * (up to three reasons per suspension or exclusion, in order of importance), and the DfE guidance
 * "Suspension and permanent exclusion from maintained schools, academies and pupil referral units in
 * England" (August 2024). The 2020/21 list below (PP … PH) and its wording were checked against a local
 * authority's published copy of the census table (egfl.org.uk, Ealing): note that persistent disruption
 * is DB there, not PD, and MT is social media / online technology while PH is public health.
 *
 * The 2024/25 breakdown codes (BW … OS) are the ones the audit in issue 11 lists as missing; their
 * wording below is NOT yet checked against the primary DfE table (marked `checked: false`, and Settings
 * says so next to them). Check them before the school relies on the export for its census return.
 *
 * OT ("Other") was withdrawn from the census in 2020/21: refused for new referrals, still shown on old ones.
 */
export interface DfeReason {
  code: string;
  /** The census wording. */
  wording: string;
  /** Withdrawn codes may be shown on old records but never chosen for a new one. */
  withdrawn: boolean;
  /** Whether the wording here was checked against a published copy of the census table. */
  checked: boolean;
}

const reason = (code: string, wording: string, checked = true, withdrawn = false): DfeReason => ({ code, wording, withdrawn, checked });

export const dfeReasons: readonly DfeReason[] = [
  reason('PP', 'Physical assault against a pupil'),
  reason('PA', 'Physical assault against an adult'),
  reason('VP', 'Verbal abuse or threatening behaviour against a pupil'),
  reason('VA', 'Verbal abuse or threatening behaviour against an adult'),
  reason('OW', 'Use or threat of use of an offensive weapon or prohibited item'),
  reason('BU', 'Bullying'),
  reason('RA', 'Racist abuse'),
  reason('LG', 'Abuse against sexual orientation and gender identity'),
  reason('DS', 'Abuse relating to disability'),
  reason('SM', 'Sexual misconduct'),
  reason('DA', 'Drug and alcohol related'),
  reason('DM', 'Damage'),
  reason('TH', 'Theft'),
  reason('DB', 'Persistent or general disruptive behaviour'),
  reason('MT', 'Inappropriate use of social media or online technology'),
  reason('PH', 'Wilful and repeated transgression of protective measures in place to protect public health'),
  // 2024/25 breakdowns: wording from the audit and memory, not from the primary table (see the header).
  reason('BW', 'Wilful and repeated breach of the behaviour policy', false),
  reason('TB', 'Threatening behaviour', false),
  reason('SB', 'Harmful sexual behaviour', false),
  reason('MB', 'Malicious behaviour, including false allegations against staff', false),
  reason('AB', 'Abusive behaviour', false),
  reason('DR', 'Drug related', false),
  reason('AR', 'Alcohol related', false),
  reason('SR', 'Smoking related', false),
  reason('VR', 'Vaping related', false),
  reason('LD', 'Leaving the lesson or school site without permission', false),
  reason('CB', 'Cyberbullying', false),
  reason('MP', 'Misuse of a mobile phone', false),
  reason('OS', 'Online sexual behaviour, including sharing images', false),
  reason('OT', 'Other (withdrawn from the census in 2020)', true, true),
];

const byCode = new Map(dfeReasons.map((r) => [r.code, r]));
export const dfeReason = (code: string): DfeReason | undefined => byCode.get(code);
export const isDfeReasonCode = (code: unknown): code is string => typeof code === 'string' && byCode.has(code);
/** Codes a new referral category may map to: every known code that is not withdrawn. */
export const currentDfeReasons = dfeReasons.filter((r) => !r.withdrawn);

/** Why a code cannot be used on a new record, or null when it can. */
export function dfeCodeProblem(code: string | null): string | null {
  if (code === null) return null;
  const r = byCode.get(code);
  if (!r) return `${code} is not a DfE suspension or exclusion reason code`;
  if (r.withdrawn) return `${code} (${r.wording}) is withdrawn: choose a current code`;
  return null;
}

/** "DB — Persistent or general disruptive behaviour"; an unknown code (e.g. PL on old data) says so rather than hiding. */
export function dfeReasonText(code: string | null): string {
  if (!code) return 'No DfE code';
  const r = byCode.get(code);
  return r ? `${code} — ${r.wording}` : `${code} — not a DfE code`;
}

// The DfE's suspension and permanent exclusion reason codes (school census), with their wording and which may be used now.
/*
 * Source: DfE, "School census 2024 to 2025: guide" — data item "Suspension / permanent exclusion reason"
 * (up to three reasons per suspension or exclusion, in order of importance), and the DfE guidance
 * "Suspension and permanent exclusion from maintained schools, academies and pupil referral units in
 * England" (August 2024). The 2020/21 list below (PP … PH) and its wording were checked against a local
 * authority's published copy of the census table (egfl.org.uk, Ealing): note that persistent disruption
 * is DB there, not PD, and MT is social media / online technology while PH is public health.
 *
 * The 2024/25 breakdown codes (BW … OS) are the ones the audit in issue 11 lists as missing. Their first
 * wording here was written from memory and was wrong for eight of the thirteen (BW read "breach of the
 * behaviour policy", MB "malicious behaviour", LD "leaving the lesson", CB "cyberbullying", OS "online
 * sexual behaviour" …). It now follows a published MIS reason table seeded for the 2024/25 census (an
 * open-source school system's ExclusionReasons list, which carries the same thirteen codes next to the
 * sixteen above, each breakdown listed after the reason it breaks down: BW after OW; TB after BU; SB, MB,
 * AB after SM; DR, AR, SR, VR after DA; LD, CB after DB; MP, OS after MT). That is still a second-hand
 * copy, not the DfE's own table, so they stay `checked: false` and Settings says so next to them.
 * Searched for and not found in the stored DfE pages: the census guide's own table for 2024/25. Searched again on
 * 2 December 2026 (the DfE statistics release for 2024/25 terms, its methodology and data guidance, the census
 * specifications): the stored pages name reasons only in prose or for earlier years, so the wording here is unchanged.
 * LG keeps the checked census wording "Abuse against sexual orientation and gender identity" (not
 * "relating to", which is the DS wording for disability).
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
  // 2024/25 breakdowns: wording from a published MIS copy of the census list, not the primary table (see the header).
  reason('BW', 'Found to have brought a weapon or prohibited item into school', false),
  reason('TB', 'Cyber-bullying or threatening behaviour online', false),
  reason('SB', 'Harmful sexual behaviour', false),
  reason('MB', 'Misogynistic behaviour', false),
  reason('AB', 'Misandry behaviour', false),
  reason('DR', 'Drug related', false),
  reason('AR', 'Alcohol related', false),
  reason('SR', 'Smoking related', false),
  reason('VR', 'Vaping related', false),
  reason('LD', 'Persistent disruptive behaviour: low-level disruption', false),
  reason('CB', 'Persistent disruptive behaviour: challenging behaviour', false),
  reason('MP', 'Use of a mobile phone', false),
  reason('OS', 'Misbehaviour outside of school', false),
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

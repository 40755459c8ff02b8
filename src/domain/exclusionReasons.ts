// The DfE's suspension and permanent exclusion reason codes (school census), for mapping the school's own referral reasons.
/*
 * Codes and wording follow the DfE list in force since September 2020 (census guide "Exclusion reason").
 * Verified against a public MIS help page: OW (offensive weapon or prohibited item) and the "Other" category being
 * phased out. Not verified from a primary source here: exact wording of the rest, and whether the 2024/25 census
 * changed any code. PL is the online category (social media / online technology); MT, the "wilful and repeated
 * transgression of protective measures" code added for the pandemic, is kept because schools may still hold it.
 * Check against the current DfE school census guide before exporting to the MIS.
 */
export const dfeReasonCodes = [
  'PP', 'PA', 'VP', 'VA', 'OW', 'BU', 'RA', 'LG', 'DS', 'SM', 'DA', 'DM', 'TH', 'PL', 'MT', 'DB', 'OT',
] as const;
export type DfeReasonCode = (typeof dfeReasonCodes)[number];

export const dfeReasonLabels: Record<DfeReasonCode, string> = {
  PP: 'Physical assault against a pupil',
  PA: 'Physical assault against an adult',
  VP: 'Verbal abuse or threatening behaviour against a pupil',
  VA: 'Verbal abuse or threatening behaviour against an adult',
  OW: 'Use or threat of use of an offensive weapon or prohibited item',
  BU: 'Bullying',
  RA: 'Racist abuse',
  LG: 'Abuse against sexual orientation or gender identity',
  DS: 'Abuse relating to disability',
  SM: 'Sexual misconduct',
  DA: 'Drug and alcohol related',
  DM: 'Damage',
  TH: 'Theft',
  PL: 'Inappropriate use of social media or online technology',
  MT: 'Wilful and repeated transgression of protective measures in place to protect public health',
  DB: 'Persistent or general disruptive behaviour',
  OT: 'Other (being phased out: choose a specific reason where one fits)',
};

export const dfeReasonText = (code: DfeReasonCode | null) => (code ? `${code} — ${dfeReasonLabels[code]}` : 'No DfE code');

// UK Unique Pupil Numbers (UPNs): format, DfE check letter and the zod schema that validates them.
import { z } from 'zod';

/** The DfE check-letter alphabet: A–Z without I, O and S; a remainder of 0 is A, 22 is Z. */
const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Characters 2–13: 11 digits, then a digit or (temporary UPN) a letter from the check alphabet. */
const REST_PATTERN = /^\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;

/** Numeric value of a character: its digit, or for a temporary UPN's final letter, its place in the alphabet. */
function charValue(ch: string): number {
  return /\d/.test(ch) ? Number(ch) : CHECK_LETTERS.indexOf(ch);
}

/** The check letter for the 12 characters that follow it (weights 2..13, sum mod 23). */
export function upnCheckLetter(rest12: string): string {
  const rest = rest12.toUpperCase();
  if (!REST_PATTERN.test(rest)) throw new RangeError(`Not the 12 characters of a UPN: '${rest12}'`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += charValue(rest.charAt(i)) * (i + 2);
  return CHECK_LETTERS.charAt(sum % 23);
}

/** Why a UPN is not valid, as a sentence for the user, or undefined when it is valid. Expects trimmed, upper-case text. */
export function upnProblem(upn: string): string | undefined {
  if (upn === '') return 'UPN is missing';
  if (upn.length !== 13) return `UPN must be 13 characters (this one has ${upn.length})`;
  if (!CHECK_LETTERS.includes(upn.charAt(0))) return 'UPN must start with a check letter (A–Z, not I, O or S)';
  const rest = upn.slice(1);
  if (!/^\d{11}/.test(rest)) return 'UPN characters 2 to 12 must be digits';
  if (!REST_PATTERN.test(rest)) return 'UPN must end with a digit or a letter other than I, O or S';
  if (upnCheckLetter(rest) !== upn.charAt(0)) return 'UPN check letter does not match';
  return undefined;
}

export function isValidUpn(upn: string): boolean {
  return upnProblem(upn.trim().toUpperCase()) === undefined;
}

/** A UPN as typed or exported: trimmed and upper-cased, then checked (format and check letter). */
export const upnSchema = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((upn, ctx) => {
    const problem = upnProblem(upn);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Builds a permanent UPN: 3-digit LA code, 4-digit DfE establishment number, 2-digit year of
 * allocation and 3-digit serial, with its check letter in front.
 */
export function makeUpn(laCode: number, estab: number, year: number, serial: number): string {
  const part = (n: number, digits: number, name: string) => {
    if (!Number.isInteger(n) || n < 0 || n >= 10 ** digits) throw new RangeError(`${name} must be 0–${10 ** digits - 1}`);
    return String(n).padStart(digits, '0');
  };
  const rest = part(laCode, 3, 'LA code') + part(estab, 4, 'Establishment number') + part(year % 100, 2, 'Year') + part(serial, 3, 'Serial');
  return upnCheckLetter(rest) + rest;
}

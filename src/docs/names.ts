// Document names: the unit of storage, sync and access control (`school`, `room/<id>/<date>`, `provider/<id>/<date>`).
import { idSchema } from '../domain/school';
import { isoDateSchema, type IsoDate } from '../domain/time';

export const SCHOOL_DOC = 'school';

export type DocKind = 'school' | 'room-day' | 'pupil' | 'provider-day';

export function roomDayDocName(roomId: string, date: IsoDate): string {
  idSchema.parse(roomId);
  isoDateSchema.parse(date);
  return `room/${roomId}/${date}`;
}

export function pupilDocName(pupilId: string): string {
  idSchema.parse(pupilId);
  return `pupil/${pupilId}`;
}

export function providerDayDocName(providerId: string, date: IsoDate): string {
  idSchema.parse(providerId);
  isoDateSchema.parse(date);
  return `provider/${providerId}/${date}`;
}

export type ParsedDocName =
  | { kind: 'school' }
  | { kind: 'room-day'; roomId: string; date: IsoDate }
  | { kind: 'pupil'; pupilId: string }
  | { kind: 'provider-day'; providerId: string; date: IsoDate };

export function parseDocName(name: string): ParsedDocName | null {
  if (name === SCHOOL_DOC) return { kind: 'school' };
  const pupil = /^pupil\/([a-z0-9-]{1,64})$/.exec(name);
  if (pupil) return { kind: 'pupil', pupilId: pupil[1]! };
  const m = /^room\/([a-z0-9-]{1,64})\/(\d{4}-\d{2}-\d{2})$/.exec(name);
  if (m && isoDateSchema.safeParse(m[2]).success) return { kind: 'room-day', roomId: m[1]!, date: m[2]! };
  const p = /^provider\/([a-z0-9-]{1,64})\/(\d{4}-\d{2}-\d{2})$/.exec(name);
  if (p && isoDateSchema.safeParse(p[2]).success) return { kind: 'provider-day', providerId: p[1]!, date: p[2]! };
  return null;
}

// POST /api/erase: a coordinator's device erases a pupil (their record, their roster entry and their entries in every
// day) or a whole room or provider day, from the relay's store for good. Coordinators only; every other role is refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { schoolOf, type TokenClaims } from './auth/tokens.js';
import { idPattern, parseDocName } from './doc-names.js';
import { readBody, sendError, sendJson } from './http-json.js';

export type EraseTarget = { kind: 'pupil'; pupilId: string } | { kind: 'day'; docName: string };

const eraseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pupil'), pupilId: z.string().regex(idPattern) }),
  z.object({
    kind: z.literal('day'),
    docName: z.string().max(200).refine((name) => {
      const kind = parseDocName(name)?.kind;
      return kind === 'room' || kind === 'provider';
    }),
  }),
]);

export interface EraseApiDeps {
  /** Null when the pupil is unknown to the relay. */
  erase(school: string, target: EraseTarget, byDeviceId: string): Promise<{ erased: string; changed: string[] } | null>;
}

export function createEraseRoute({ erase }: EraseApiDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse, caller: TokenClaims): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'method-not-allowed');
    // The role in the signed token, checked here and not on the device: a room tablet or a phone never erases.
    if (caller.role !== 'coordinator') return sendError(res, 403, 'coordinators-only');
    const target = await readBody(req, res, eraseSchema);
    if (!target) return;
    const done = await erase(schoolOf(caller), target, caller.deviceId);
    if (!done) return sendError(res, 404, 'unknown-pupil');
    sendJson(res, 200, done);
  };
}

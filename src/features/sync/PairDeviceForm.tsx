// Pairing this device with the school relay: the one-time code from the school's administrator.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useServices } from '../../app/services';
import { RelayApiError, type RelayApiErrorReason } from '../../sync/relayApi';
import { SyncError } from '../../sync/syncEngine';
import { appSchool, DEFAULT_SCHOOL } from '../../sync/school';

const pairingSchema = z.object({
  code: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{8}$/, 'Enter the 8-character code, for example ABCD-EFGH.')),
});
type PairingInput = z.input<typeof pairingSchema>;
type PairingValues = z.output<typeof pairingSchema>;

const explanations: Record<RelayApiErrorReason, string> = {
  'invalid-code': 'That code is not right, or it has already been used or has expired. Ask the school’s administrator for a new code.',
  'too-many-attempts': 'Too many tries. Wait a minute, then try again.',
  'no-connection': 'Cannot reach the school relay. Connect to the school’s network and try again.',
  'bad-request': 'Enter the 8-character code, for example ABCD-EFGH.',
  unauthorised: 'The school relay refused this device. Ask for a new code.',
  'unexpected-response': 'The school relay gave an answer Baseroom did not expect. Try again, or ask the school’s administrator.',
  'coordinators-only': 'Only a coordinator’s device may do that.',
  'unknown-room': 'The school has no such room.',
  'unknown-provider': 'The school has no such provider.',
  'own-device': 'This is the device you are using.',
};

/**
 * A code pairs only at the address of the school it was made for (`/schools/<school>/` on a trust's relay): at
 * another school's address the relay knows no such code, so a trust's staff are told which school this address is.
 */
export function invalidCodeExplanation(school: string): string {
  const base = explanations['invalid-code'];
  if (school === DEFAULT_SCHOOL) return base;
  return `${base} This is the Baseroom address of school “${school}”: a code works only at the address of the school it was made for.`;
}

const notEmpty =
  'That code is for an off-site phone, which must be paired on a new set-up screen: this device already holds a school. ' +
  'Use a phone with no Baseroom data on it (or clear this browser’s data for Baseroom), and ask for a new code.';

export function PairDeviceForm() {
  const { sync } = useServices();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<PairingInput, unknown, PairingValues>({
    resolver: zodResolver(pairingSchema),
    defaultValues: { code: '' },
  });
  const invalid = formState.errors.code?.message;
  const pair = handleSubmit(async ({ code }) => {
    setFailure(null);
    try {
      await sync.pair(code);
      reset();
    } catch (err) {
      if (err instanceof SyncError && err.reason === 'not-empty') return setFailure(notEmpty);
      if (!(err instanceof RelayApiError)) throw err;
      setFailure(err.reason === 'invalid-code' ? invalidCodeExplanation(appSchool) : explanations[err.reason]);
    }
  });
  return (
    <form className="row wrap" aria-label="Pair this device" onSubmit={pair}>
      <label className="grow">
        Pairing code
        <input type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} {...register('code')} aria-invalid={invalid ? true : undefined} />
      </label>
      <button type="submit" className="primary" disabled={formState.isSubmitting}>
        Pair this device
      </button>
      {(invalid ?? failure) && (
        <p className="field-error" role="alert">
          {invalid ?? failure}
        </p>
      )}
    </form>
  );
}

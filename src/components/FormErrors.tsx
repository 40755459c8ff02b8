// A form's validation messages, announced together as one alert ("Name the subject. Describe the task").
import type { FieldErrors, FieldValues } from 'react-hook-form';

export function FormErrors<T extends FieldValues>({ errors }: { errors: FieldErrors<T> }) {
  const messages = Object.values(errors)
    // A list field (e.g. a referral's reasons) carries its message on `root`.
    .map((e) => {
      const error = e as { message?: unknown; root?: { message?: unknown } } | undefined;
      return error?.message ?? error?.root?.message;
    })
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
  if (messages.length === 0) return null;
  return (
    <p className="field-error" role="alert">
      {messages.join('. ')}
    </p>
  );
}

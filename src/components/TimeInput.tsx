// A 24-hour time box ("08:52") that looks the same on every device: native time pickers follow the OS locale and may show AM/PM.
import { forwardRef, type ChangeEvent, type FocusEvent, type InputHTMLAttributes } from 'react';

/** "852", "0852", "8:52", "8.52" → "08:52"; anything that is not a real time is left as typed for validation to name. */
export function normaliseTime(raw: string): string {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(raw.trim());
  if (!m) return raw.trim();
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${m[2]}` : raw.trim();
}

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>;

export const TimeInput = forwardRef<HTMLInputElement, Props>(function TimeInput({ onBlur, onChange, ...props }, ref) {
  return (
    <input
      {...props}
      ref={ref}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      maxLength={5}
      placeholder={props.placeholder ?? 'HH:MM'}
      className={`time-input ${props.className ?? ''}`.trim()}
      onChange={onChange}
      onBlur={(e: FocusEvent<HTMLInputElement>) => {
        const tidy = normaliseTime(e.target.value);
        if (tidy !== e.target.value) {
          e.target.value = tidy;
          onChange?.(e as unknown as ChangeEvent<HTMLInputElement>);
        }
        onBlur?.(e);
      }}
    />
  );
});

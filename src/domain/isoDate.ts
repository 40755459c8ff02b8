// Today's date as storage writes it (YYYY-MM-DD, by this device's clock), without the schemas in time.ts: the lock
// screen's code needs it (the UI store's day) and must not load zod to get it.
const pad = (n: number) => String(n).padStart(2, '0');

export function toIsoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

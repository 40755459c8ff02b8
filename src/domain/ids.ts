// Record ids: random, lower-case and safe in document names and URLs (they carry no pupil data).
export function newId(): string {
  return crypto.randomUUID();
}

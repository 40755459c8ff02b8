// Readable ids from names ("The BASE" → "the-base"), kept unique within a list.
export function slugId(name: string, taken: Iterable<string>): string {
  const base =
    name
      .toLocaleLowerCase('en-GB')
      .normalize('NFD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'item';
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

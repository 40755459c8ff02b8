// Counts as people write them: "1 pupil", "2 pupils", "1 absence", "3 school days".
const irregular: Record<string, string> = { child: 'children', person: 'people', entry: 'entries', referral: 'referrals' };

export function plural(noun: string): string {
  if (irregular[noun]) return irregular[noun];
  const words = noun.split(' ');
  const last = words.pop()!;
  const many = irregular[last] ?? (/(s|x|ch|sh)$/.test(last) ? `${last}es` : /[^aeiou]y$/.test(last) ? `${last.slice(0, -1)}ies` : `${last}s`);
  return [...words, many].join(' ');
}

/** "1 pupil", "0 pupils", "2 absences"; pass the plural when it is not regular. */
export function countOf(n: number, noun: string, many = plural(noun)): string {
  return `${n} ${n === 1 ? noun : many}`;
}

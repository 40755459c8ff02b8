// The options of a 1–4 grade select (effort, behaviour, lesson-visit rating), with an optional "not graded".
import { gradeLabels } from '../domain/register';

const GRADES = [1, 2, 3, 4] as const;

export function GradeOptions({ blank = false }: { blank?: boolean }) {
  return (
    <>
      {blank && <option value="">–</option>}
      {GRADES.map((g) => (
        <option key={g} value={g}>
          {gradeLabels[g]}
        </option>
      ))}
    </>
  );
}

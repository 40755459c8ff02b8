// IBEC progress per target: ratings matched by target id (or by text for rows made before plans), in date order.
import { describe, expect, it } from 'vitest';
import { openTargets, progressByTarget, targetInputSchema, type TargetRow } from './ibecPlan';

const target = (id: string, text: string, createdAt: string, closedAt: string | null = null): TargetRow => ({
  id, text, closedAt, createdAt, docName: 'provider/oak/2026-11-02', providerId: 'oak', date: '2026-11-02', pupilId: 'p-1', agreedWith: '', createdBy: 's',
});

describe('IBEC plan', () => {
  it('needs the target’s words', () => {
    expect(targetInputSchema.safeParse({ pupilId: 'p-1', text: '  ' }).success).toBe(false);
    expect(targetInputSchema.parse({ pupilId: 'p-1', text: 'Stay on task' })).toEqual({ pupilId: 'p-1', text: 'Stay on task', agreedWith: '' });
  });

  it('lists open targets first with each one’s ratings oldest first', () => {
    const t1 = target('t-1', 'Stay on task for 20 minutes', '2026-11-02T09:00');
    const t2 = target('t-2', 'Arrive by 09:00', '2026-11-01T09:00', '2026-11-20T09:00');
    const t3 = target('t-3', 'Speak calmly to staff', '2026-11-03T09:00');
    const rows = progressByTarget([t2, t3, t1], [
      { date: '2026-11-16', rating: 2, targetId: 't-1', target: 'Stay on task for 20 minutes' },
      { date: '2026-11-09', rating: 3, targetId: 't-1', target: 'Stay on task for 20 minutes' },
      { date: '2026-11-09', rating: 4, targetId: null, target: 'Arrive by 09:00' },
      { date: '2026-11-09', rating: 1, targetId: null, target: 'Something else' },
    ]);
    expect(rows.map((r) => [r.target.id, r.points])).toEqual([
      ['t-1', [{ date: '2026-11-09', rating: 3 }, { date: '2026-11-16', rating: 2 }]],
      ['t-3', []],
      ['t-2', [{ date: '2026-11-09', rating: 4 }]],
    ]);
    expect(openTargets([t1, t2, t3], 'p-1').map((t) => t.id)).toEqual(['t-1', 't-3']);
  });
});

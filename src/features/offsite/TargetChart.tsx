// Progress against one IBEC target over the weeks: a small line of each visit's rating (1 excellent at the top), and the same as a list.
import type { TargetProgress } from '../../domain/ibecPlan';
import { useCommand } from '../../app/hooks';
import { useServices } from '../../app/services';
import { closeTarget } from '../../docs/providerDayDoc';
import { gradeLabels } from '../../domain/register';
import { formatDayLabel } from '../../domain/time';

const W = 300;
const H = 110;
const PAD = { left: 22, right: 10, top: 10, bottom: 10 };

export function TargetChart({ progress, editable }: { progress: TargetProgress; editable: boolean }) {
  const { target, points } = progress;
  const { docs } = useServices();
  const run = useCommand();
  const x = (i: number) => PAD.left + (points.length < 2 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1));
  const y = (rating: number) => PAD.top + ((rating - 1) * (H - PAD.top - PAD.bottom)) / 3;
  const title = `Progress: ${target.text}`;
  return (
    <figure className="target-chart" aria-label={title}>
      <figcaption>
        {target.text}
        {target.agreedWith && <span className="muted"> (agreed with {target.agreedWith})</span>}
        {target.closedAt && <span className="muted"> — closed</span>}
      </figcaption>
      {points.length === 0 ? (
        <p className="muted">Not rated yet.</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${points.map((p) => `${formatDayLabel(p.date)} ${p.rating}`).join(', ')}`}>
            {[1, 2, 3, 4].map((r) => (
              <g key={r}>
                <line x1={PAD.left} x2={W - PAD.right} y1={y(r)} y2={y(r)} className="grid" />
                <text x={4} y={y(r) + 4} className="axis">
                  {r}
                </text>
              </g>
            ))}
            <polyline points={points.map((p, i) => `${x(i)},${y(p.rating)}`).join(' ')} className="line" />
            {points.map((p, i) => (
              <circle key={`${p.date}-${i}`} cx={x(i)} cy={y(p.rating)} r={4} className="point" />
            ))}
          </svg>
          <ol className="target-ratings" aria-label={`Ratings for ${target.text}`}>
            {points.map((p, i) => (
              <li key={`${p.date}-${i}`}>
                {formatDayLabel(p.date)}: {gradeLabels[p.rating] ?? p.rating}
              </li>
            ))}
          </ol>
        </>
      )}
      {editable && !target.closedAt && (
        // The target lives in the provider-day it was added on: closing it there keeps every rating.
        <button
          type="button"
          onClick={async () => {
            const open = await docs.open(target.docName);
            run((a) => closeTarget(open.doc, target.id, a));
          }}
        >
          Target met or dropped: take “{target.text}” off the plan
        </button>
      )}
    </figure>
  );
}

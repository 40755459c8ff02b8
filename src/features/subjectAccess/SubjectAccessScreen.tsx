// "Everything about this pupil": one readable document to print (or save as PDF) and a machine-readable file, for a subject access request.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { pupilHref } from '../../app/route';
import { pupilDisplayName } from '../../domain/pupil';
import { formatLongDate } from '../../domain/time';
import { clockTime } from '../../sync/status';
import { downloadFile, downloadWarning } from '../../components/downloadFile';
import { gatherPupilRecords, pupilRecordsJson, recordKinds, type PupilRecords } from './gatherPupilRecords';

/** Fields that are the app's own bookkeeping, not something a reader needs. */
const hidden = new Set(['id', 'docName', 'pupilId', 'sortKey']);
const who = new Set(['createdBy', 'updatedBy', 'completedBy', 'confirmedBy', 'by', 'staffId']);

/** "createdAt" → "Created at". */
const label = (field: string) => field.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])/g, (m) => m.toLowerCase());

function show(field: string, value: unknown, staff: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (who.has(field) && typeof value === 'string') return staff[value] ?? value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const at = new Date(value);
    return `${formatLongDate(value.slice(0, 10))}, ${clockTime(at)}`;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatLongDate(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function Section({ title, rows, staff }: { title: string; rows: Record<string, unknown>[]; staff: Record<string, string> }) {
  return (
    <section aria-label={title} className="sar-section">
      <h2>
        {title} ({rows.length})
      </h2>
      {rows.length === 0 && <p className="muted">None held.</p>}
      {rows.map((row, i) => (
        <dl key={String(row.id ?? i)} className="facts sar-record">
          {Object.entries(row)
            .filter(([field]) => !hidden.has(field))
            .map(([field, value]) => (
              <div key={field}>
                <dt>{label(field)}</dt>
                <dd>{show(field, value, staff)}</dd>
              </div>
            ))}
        </dl>
      ))}
    </section>
  );
}

export function SubjectAccessScreen({ pupilId }: { pupilId: string }) {
  const { db } = useServices();
  const records = useLiveQuery(() => gatherPupilRecords(db, pupilId), [db, pupilId]);
  if (records === undefined) return <p aria-busy="true">Gathering everything held about this pupil…</p>;
  if (records === null) return <p>This pupil is not on the roll on this device.</p>;
  const name = pupilDisplayName(records.pupil);
  const held = (r: PupilRecords) => recordKinds.reduce((n, [table]) => n + r.records[table].length, 0);
  return (
    <article className="subject-access" aria-labelledby="sar-title">
      <h1 id="sar-title">Everything held about {name}</h1>
      <p>
        Made {formatLongDate(records.generatedAt.slice(0, 10))} at {clockTime(new Date(records.generatedAt))} from the records on this device:{' '}
        {held(records)} in all. Check the coordinator’s device too before answering a subject access request.
      </p>
      <div className="row wrap no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
        <button type="button" onClick={() => downloadFile(`subject-access-${records.pupil.id}-${records.generatedAt.slice(0, 10)}.json`, 'application/json', pupilRecordsJson(records))}>
          Download as a machine-readable file (JSON)
        </button>
        <a className="button-link" href={pupilHref(pupilId)}>
          Back to {name}’s record
        </a>
      </div>
      <p className="muted no-print">{downloadWarning('A PDF saved from here, like the JSON file,', `everything on this page about ${name}`)}</p>
      <Section title="The pupil" rows={[records.pupil as unknown as Record<string, unknown>]} staff={records.staff} />
      {recordKinds.map(([table, title]) => (
        <Section key={table} title={title} rows={records.records[table]} staff={records.staff} />
      ))}
    </article>
  );
}

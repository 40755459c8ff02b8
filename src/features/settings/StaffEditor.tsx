// Staff who use Baseroom on this school's devices; each record names who made it.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { saveStaff } from '../../docs/schoolDoc';
import type { Staff } from '../../domain/school';
import { newId } from '../../domain/ids';
import { useUiStore } from '../../state/uiStore';

export function StaffEditor({ staff }: { staff: Staff[] }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const chooseStaff = useUiStore((s) => s.chooseStaff);
  const currentStaff = useUiStore((s) => s.staffId);
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  return (
    <div>
      {staff.length > 0 ? (
        <ul aria-label="Staff">
          {staff.map((s) => (
            <li key={s.id}>
              {s.name}
              {s.role && <span className="muted"> — {s.role}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No staff yet.</p>
      )}
      <form
        className="row wrap"
        aria-label="Add a member of staff"
        onSubmit={(e) => {
          e.preventDefault();
          if (!doc) return;
          const id = newId();
          if (!run((a) => saveStaff(doc, { id, name, role }, a)).ok) return;
          if (!currentStaff) chooseStaff(id);
          setName('');
          setRole('');
        }}
      >
        <label className="grow">
          Staff name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Ms R. Patel" />
        </label>
        <label>
          Role
          <input type="text" value={role} onChange={(e) => setRole(e.target.value)} placeholder="e.g. BASE coordinator" />
        </label>
        <button type="submit">Add staff</button>
      </form>
    </div>
  );
}

// The school's rooms: isolation, BASE, CORE and any others, each with its own register.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { saveRoom } from '../../docs/schoolDoc';
import { roomKindLabels, roomKinds, type Room, type RoomKind } from '../../domain/school';
import { slugId } from '../../domain/slug';

export function RoomsEditor({ rooms }: { rooms: Room[] }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<RoomKind>('isolation');
  return (
    <div>
      {rooms.length > 0 ? (
        <ul aria-label="Rooms">
          {rooms.map((r) => (
            <li key={r.id}>
              {r.name} <span className="muted">({roomKindLabels[r.kind]}, id {r.id})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No rooms yet.</p>
      )}
      <form
        className="row wrap"
        aria-label="Add a room"
        onSubmit={(e) => {
          e.preventDefault();
          if (!doc) return;
          const room = { id: slugId(name, rooms.map((r) => r.id)), name, kind };
          if (run((a) => saveRoom(doc, room, a)).ok) setName('');
        }}
      >
        <label className="grow">
          Room name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. The BASE" />
        </label>
        <label>
          Kind of room
          <select value={kind} onChange={(e) => setKind(e.target.value as RoomKind)}>
            {roomKinds.map((k) => (
              <option key={k} value={k}>
                {roomKindLabels[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Add room</button>
      </form>
    </div>
  );
}

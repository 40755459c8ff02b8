import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import Papa from 'papaparse';
import { ReportsScreen } from './ReportsScreen';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { projectSchoolSnapshot, savePeriods, setRegisterOpenMinutes } from '../../docs/schoolDoc';
import { defaultPeriods } from '../../domain/school';
import type { RegisterEntryRow } from '../../domain/register';
import { downloadFile } from '../../components/downloadFile';

vi.mock('../../components/downloadFile', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../components/downloadFile')>()),
  downloadFile: vi.fn(),
}));

let dispose: (() => void) | undefined;
beforeEach(() => {
  // Only the clock: Dexie and the user events keep their real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-04T16:00:00'));
});
afterEach(() => {
  dispose?.();
  vi.useRealTimers();
});

const actor = { staffId: 'staff-1', at: '2026-09-01T08:00:00.000Z' };
const lateArrival: RegisterEntryRow = {
  id: 'room/base/2026-11-03#a', docName: 'room/base/2026-11-03', roomId: 'base', date: '2026-11-03', pupilId: 'a', status: 'present',
  arrivedAt: '09:05', late: true, absenceFollowUp: '', leftAt: null, leftTo: null, leftDetail: '', breakSupervised: false, lunchSupervised: false,
  periods: {}, toiletVisits: [], corrections: [], createdBy: 's', createdAt: '', updatedBy: 's', updatedAt: '',
};

describe('Reports: the register CSV and the school’s register closing time', () => {
  it('exports a late arrival as L or leaves it to the school register by the closing time set in Settings, and says which time it used', async () => {
    const user = userEvent.setup();
    const services = makeServices();
    dispose = services.dispose;
    await services.db.registerEntries.put(lateArrival);
    await services.db.pupils.put({ id: 'a', upn: 'Q823456789012', legalSurname: 'Okafor', legalForename: 'Jessica', yearGroup: 9, tutorGroup: '9X2', sen: 'none', sortKey: 'okafor' });
    const doc = new Y.Doc();
    savePeriods(doc, defaultPeriods.map((p, i) => ({ ...p, id: `p${i}` })), actor);
    const csvWith = async (minutes: number | null) => {
      if (minutes !== null) setRegisterOpenMinutes(doc, minutes, actor);
      vi.mocked(downloadFile).mockClear();
      const view = render(<ReportsScreen school={{ key: 'school', ...projectSchoolSnapshot(doc) }} />, { wrapper: withServices(services) });
      await user.click(await screen.findByRole('button', { name: 'Download the register as CSV for the MIS' }, { timeout: 10_000 }));
      const note = screen.getByText(/^In the CSV a pupil marked late is L up to/).textContent;
      view.unmount();
      const csv = vi.mocked(downloadFile).mock.calls[0]![2];
      const [header, ...rows] = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
      const am = rows.find((r) => r[header!.indexOf('Session')] === 'AM')!;
      return { note, mark: am[header!.indexOf('Mark')], comments: am[header!.indexOf('Comments')] };
    };
    // Registration at 08:40: with the default 30 minutes the register is open until 09:10, so 09:05 is late (L).
    expect(await csvWith(null)).toMatchObject({ note: expect.stringContaining('up to 30 minutes'), mark: 'L' });
    // The school closes its registers after 15 minutes (08:55): 09:05 is the school register's to decide.
    expect(await csvWith(15)).toEqual({
      note: expect.stringContaining('up to 15 minutes'),
      mark: '',
      comments: 'Reached the room at 09:05, after the AM register closed at 08:55: U only if they reached school then; the school register holds this session',
    });
  }, 30_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Banners } from './Banners';
import { reportStorageError } from './storageErrors';
import { makeServices } from '../../tests/fixtures/services';
import { DocStore } from '../db/docStore';
import { roomDayDocName } from '../docs/names';
import { addToRegister } from '../docs/roomDayDoc';
import { useUiStore } from '../state/uiStore';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  useUiStore.getState().reportStorageIssue(null);
});

describe('a full device', () => {
  it('shows a banner when IndexedDB refuses a write for quota', async () => {
    const services = makeServices();
    const docs = new DocStore(services.db, reportStorageError);
    dispose = () => {
      docs.close();
      services.dispose();
    };
    render(<Banners />);
    const open = await docs.open(roomDayDocName('base', '2026-11-23'));
    // The browser's answer when the origin is out of quota.
    Object.assign(services.db.registerEntries, { bulkPut: () => Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')) });
    addToRegister(open.doc, 'pupil-a', { staffId: 's', at: new Date().toISOString() });
    expect(await screen.findByRole('alert')).toHaveTextContent('storage is full');
  });
});

// UI state only (which room, which day, who is using the tablet, banners); records never live here.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { IsoDate } from '../domain/time';
import { toIsoDate } from '../domain/isoDate';
import { UI_STATE_KEY } from '../db/dbNames';

export type StorageIssue = { kind: 'quota' | 'write-failed'; message: string };
export type PersistenceAnswer = 'unknown' | 'granted' | 'denied' | 'unsupported';

interface UiState {
  roomId: string | null;
  date: IsoDate;
  staffId: string | null;
  /** The provider this device last checked pupils in at (an off-site phone). */
  providerId: string | null;
  storageIssue: StorageIssue | null;
  persistence: PersistenceAnswer;
  message: { tone: 'error' | 'info'; text: string } | null;
  chooseRoom(roomId: string): void;
  chooseDate(date: IsoDate): void;
  chooseStaff(staffId: string): void;
  chooseProvider(providerId: string): void;
  reportStorageIssue(issue: StorageIssue | null): void;
  setPersistence(answer: PersistenceAnswer): void;
  say(tone: 'error' | 'info', text: string): void;
  dismissMessage(): void;
}

export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      roomId: null,
      date: toIsoDate(new Date()),
      staffId: null,
      providerId: null,
      storageIssue: null,
      persistence: 'unknown',
      message: null,
      chooseRoom: (roomId) => set({ roomId }),
      chooseDate: (date) => set({ date }),
      chooseStaff: (staffId) => set({ staffId }),
      chooseProvider: (providerId) => set({ providerId }),
      reportStorageIssue: (storageIssue) => set({ storageIssue }),
      setPersistence: (persistence) => set({ persistence }),
      say: (tone, text) => set({ message: { tone, text } }),
      dismissMessage: () => set({ message: null }),
    }),
    {
      name: UI_STATE_KEY,
      // The chosen room and the person at the tablet survive a reload; the day is always today on opening.
      partialize: (s) => ({ roomId: s.roomId, staffId: s.staffId, providerId: s.providerId }),
    },
  ),
);

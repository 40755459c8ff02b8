// What this device does with its data: persistent storage granted or not, and space used.
import { useEffect, useState } from 'react';
import { storageEstimate } from '../../db/storagePersistence';
import { useUiStore } from '../../state/uiStore';

const answers = {
  unknown: 'Checking…',
  granted: 'Granted: the browser will not clear Baseroom’s data to save space.',
  denied: 'Not granted: the browser may clear stored data if the device runs short of space. Install Baseroom to the home screen and sync daily.',
  unsupported: 'This browser cannot promise to keep stored data. Sync daily.',
} as const;

const mb = (bytes: number) => `${(bytes / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

export function StorageStatus() {
  const persistence = useUiStore((s) => s.persistence);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    void storageEstimate().then(setEstimate);
  }, []);
  return (
    <dl className="facts">
      <dt>Persistent storage</dt>
      <dd>{answers[persistence]}</dd>
      <dt>Space used on this device</dt>
      <dd>{estimate ? `${mb(estimate.usage)} of ${mb(estimate.quota)} available` : 'Not known'}</dd>
      <dt>Baseroom version</dt>
      <dd>{__APP_VERSION__}</dd>
      <dt>Where data lives</dt>
      <dd>In this browser’s storage on this device (IndexedDB). It stays here without a network.</dd>
    </dl>
  );
}

// Saves text as a file in the browser's Downloads, and says in plain words what such a file holds.

/** Starts the download of `text` as `fileName` (what the browser's Downloads list and folder will show). */
export function downloadFile(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Shown beside every download of records: the file is outside Baseroom's encryption, so whoever finds the device
 * can open it from Downloads without a PIN.
 */
export const downloadWarning = (file: string, holds: string): string =>
  `${file} holds ${holds}, in clear: the PIN does not protect it. Save it where the school keeps such records, then delete it from this device’s Downloads.`;

// A moment as the 24-hour time staff read on the lock screen ("14:05:30").
export const formatTime = (ms: number): string =>
  new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

// Messages the user must see: a refused command, and storage that failed or is full.
import { useUiStore } from '../state/uiStore';

export function Banners() {
  const { message, storageIssue, dismissMessage, reportStorageIssue } = useUiStore();
  return (
    <>
      {storageIssue && (
        <div className="banner error" role="alert">
          <span>{storageIssue.message}</span>
          <button type="button" onClick={() => reportStorageIssue(null)}>
            Dismiss storage warning
          </button>
        </div>
      )}
      {message && (
        <div className={`banner ${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
          <span>{message.text}</span>
          <button type="button" onClick={dismissMessage}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}

// Offers a new version of the app when one is ready; never forces it (unsaved work stays on the device either way).
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh) return null;
  return (
    <div className="banner info" role="alert">
      <span>A new version is ready — update now?</span>
      <span className="row">
        {/* Every change is already in IndexedDB the moment it is made, so reloading loses nothing. */}
        <button type="button" className="primary" onClick={() => void updateServiceWorker(true)}>
          Update now
        </button>
        <button type="button" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </span>
    </div>
  );
}

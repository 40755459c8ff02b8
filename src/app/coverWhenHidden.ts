// Hides the app's content whenever the page is hidden, so the OS task switcher's snapshot of the tab shows no records.
import { useEffect } from 'react';

/** The attribute on <html> that hides #root (styles.css) while set. */
export const COVERED_ATTRIBUTE = 'data-covered';

/**
 * Covers the page while it is hidden (another app, the task switcher, the screen off) and as it leaves (pagehide:
 * the back/forward cache keeps the page as it is then). A page shown again from that cache stays covered: the
 * device gate locks it (a reload) instead.
 */
export function useCoverWhenHidden(): void {
  useEffect(() => {
    const root = document.documentElement;
    const update = () => root.toggleAttribute(COVERED_ATTRIBUTE, document.visibilityState === 'hidden');
    const cover = () => root.setAttribute(COVERED_ATTRIBUTE, '');
    const shown = (e: PageTransitionEvent) => !e.persisted && update();
    update();
    document.addEventListener('visibilitychange', update);
    window.addEventListener('pagehide', cover);
    window.addEventListener('pageshow', shown);
    return () => {
      document.removeEventListener('visibilitychange', update);
      window.removeEventListener('pagehide', cover);
      window.removeEventListener('pageshow', shown);
      root.removeAttribute(COVERED_ATTRIBUTE);
    };
  }, []);
}

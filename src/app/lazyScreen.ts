// A screen whose code loads on demand, like React.lazy, but shown at once when its code is already loaded.
import { createElement, lazy, type ComponentType } from 'react';

export type LazyScreen<P extends object> = ComponentType<P> & {
  /** Starts loading the screen's code (once; again after a failure), so its first render need not wait. */
  preload(): Promise<ComponentType<P>>;
};

/**
 * React.lazy suspends on a component's first render even when its module loaded long before, and React then shows the
 * Suspense fallback and holds back the reveal for 300 ms (its fallback throttle). A screen made with this renders
 * its component directly once `preload` has finished, and through React.lazy (with the fallback) only before then.
 * (A render that suspends is never committed, so no mount ever switches from one to the other.)
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (err: unknown) => {
        loading = null;
        throw err;
      },
    ));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Screen(props: P) {
    return createElement(loaded ?? (Lazy as unknown as ComponentType<P>), props);
  }
  return Object.assign(Screen, { preload });
}

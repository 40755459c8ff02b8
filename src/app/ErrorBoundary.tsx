// Catches a screen that crashes and offers a reload; stored data is untouched by a render error.
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner error" role="alert">
        <p>Something went wrong on this screen. Everything you recorded is saved on this device.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload Baseroom
        </button>
      </div>
    );
  }
}

import { Component, type ComponentChildren } from 'preact';

/**
 * A render error must not leave a blank panel: say what broke and offer a reload (the bridges
 * replay the tab's log, so nothing recorded is lost).
 */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { error: string | null }> {
  override state = { error: null as string | null };

  override componentDidCatch(error: unknown): void {
    this.setState({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div class="panel-error" role="alert">
        <p>The panel hit an error and stopped drawing: {this.state.error}</p>
        <button type="button" onClick={() => location.reload()}>
          Reload the panel
        </button>
      </div>
    );
  }
}

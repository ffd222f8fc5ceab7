// One error boundary per pane: a pane that throws shows what failed and a 重新载入 button; the
// other panes (and whatever the auditor typed in them) keep their state.
import { Component, Fragment, type ReactNode } from 'react';
import { M } from './messages';

interface Props {
  /** The pane's name, shown in the message (原文, 表格, 问题 …). */
  name: string;
  /** Changing it (e.g. another report) clears a previous failure. */
  resetKey?: unknown;
  children: ReactNode;
}

export class Boundary extends Component<Props, { error: Error | null; resetKey: unknown; tries: number }> {
  override state = { error: null as Error | null, resetKey: this.props.resetKey, tries: 0 };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(p: Props, s: { resetKey: unknown; error: Error | null }) {
    return p.resetKey !== s.resetKey ? { resetKey: p.resetKey, error: null } : null;
  }

  override componentDidCatch(error: Error, info: { componentStack?: string | null }) {
    console.error(`[${this.props.name}]`, error, info.componentStack);
  }

  override render() {
    const e = this.state.error;
    if (!e) return <Fragment key={this.state.tries}>{this.props.children}</Fragment>;
    return (
      <div className="pane-error" role="alert" data-pane-error={this.props.name}>
        <b>{M.paneFailed(this.props.name)}</b>
        <code>{String(e.message || e).slice(0, 300)}</code>
        <button className="primary" onClick={() => this.setState((s) => ({ error: null, tries: s.tries + 1 }))}>
          {M.reload}
        </button>
      </div>
    );
  }
}

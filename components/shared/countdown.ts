/**
 * A countdown to a deadline, for "resend in 0:25" buttons. The deadline is a point in time, not a
 * number of ticks, so it stays right when a background tab's timers are throttled; the host
 * re-renders once per second while it runs and at once when the tab becomes visible again.
 * Nothing here is announced: the host says when a wait starts and `onEnd` when it ends, never
 * each second.
 *
 * `running` changes only when the countdown ends (and `onEnd` runs), never in between: a render
 * after the deadline but ahead of the timer ends it first, so no render shows a wait over while
 * its end has not happened yet.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class CountdownController implements ReactiveController {
  private end = 0;
  private active = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called once when a countdown reaches zero (not when stopped). */
    private readonly onEnd?: () => void,
    /** Re-render each second, for a countdown on screen; without it, wake only at the end. */
    private readonly shown = true,
  ) {
    host.addController(this);
  }

  /** Whole seconds left, rounded up, at least 1 while running; 0 when not running. */
  get remaining(): number {
    return this.active ? Math.max(1, Math.ceil((this.end - Date.now()) / 1000)) : 0;
  }

  /** True from `start` until the countdown ends or is stopped. */
  get running(): boolean {
    return this.active;
  }

  /** The time left as `m:ss`. */
  get clock(): string {
    const s = this.remaining;
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  /** Starts (or restarts) counting down `seconds`; 0 or less stops it. */
  start(seconds: number): void {
    this.end = Date.now() + seconds * 1000;
    this.active = seconds > 0;
    this.tick();
  }

  /** Stops without calling `onEnd`. */
  stop(): void {
    this.active = false;
    this.tick();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.tick);
    this.tick();
  }

  hostUpdate(): void {
    if (this.active && this.end <= Date.now()) this.finish();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.tick);
    clearTimeout(this.timer);
  }

  private readonly tick = (): void => {
    clearTimeout(this.timer);
    this.host.requestUpdate();
    if (!this.active) return;
    const left = this.end - Date.now();
    // Wake when the displayed second changes (setTimeout takes at most 2^31 - 1 ms).
    if (left > 0) this.timer = setTimeout(this.tick, this.shown ? left % 1000 || 1000 : Math.min(left, 2 ** 31 - 1));
    else this.finish();
  };

  private finish(): void {
    clearTimeout(this.timer);
    this.active = false;
    this.onEnd?.();
  }
}

import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import sinon from 'sinon';
import { CountdownController } from './countdown.js';

class CountdownProbe extends LitElement {
  ends = 0;
  renders = 0;
  readonly countdown = new CountdownController(this, () => this.ends++);
  protected override render() {
    this.renders++;
    return html`${this.countdown.running ? this.countdown.clock : 'done'}`;
  }
}
customElements.define('countdown-probe', CountdownProbe);

class DeadlineProbe extends LitElement {
  ends = 0;
  renders = 0;
  readonly deadline = new CountdownController(this, () => this.ends++, false);
  protected override render() {
    this.renders++;
    return html``;
  }
}
customElements.define('deadline-probe', DeadlineProbe);

describe('CountdownController', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  const shown = (el: CountdownProbe) => el.shadowRoot!.textContent!.trim();

  it('counts down once per second from a deadline, and ends once', async () => {
    const el = await fixture<CountdownProbe>(html`<countdown-probe></countdown-probe>`);
    el.countdown.start(75);
    await el.updateComplete;
    expect(shown(el)).to.equal('1:15');
    expect(el.countdown.remaining).to.equal(75);
    const renders = el.renders;
    await clock.tickAsync(1000);
    expect(shown(el)).to.equal('1:14');
    await clock.tickAsync(10_000);
    expect(shown(el)).to.equal('1:04');
    expect(el.renders - renders).to.equal(11);
    await clock.tickAsync(64_000);
    expect(shown(el)).to.equal('done');
    expect(el.countdown.running).to.equal(false);
    expect(el.ends).to.equal(1);
    await clock.tickAsync(5000);
    expect(el.ends).to.equal(1);
  });

  it('rounds a part second up and wakes when the shown second changes', async () => {
    const el = await fixture<CountdownProbe>(html`<countdown-probe></countdown-probe>`);
    el.countdown.start(2.5);
    await el.updateComplete;
    expect(shown(el)).to.equal('0:03');
    await clock.tickAsync(500);
    expect(shown(el)).to.equal('0:02');
    await clock.tickAsync(2000);
    expect(shown(el)).to.equal('done');
    expect(el.ends).to.equal(1);
  });

  it('is right after timers were held back (a background tab), at once when the tab shows again', async () => {
    const el = await fixture<CountdownProbe>(html`<countdown-probe></countdown-probe>`);
    el.countdown.start(30);
    await el.updateComplete;
    clock.setSystemTime(Date.now() + 20_000);
    expect(el.countdown.remaining).to.equal(10);
    document.dispatchEvent(new Event('visibilitychange'));
    await el.updateComplete;
    expect(shown(el)).to.equal('0:10');
    clock.setSystemTime(Date.now() + 15_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await el.updateComplete;
    expect(el.countdown.running).to.equal(false);
    expect(shown(el)).to.equal('done');
    expect(el.ends).to.equal(1);
  });

  it('never renders the end before it has ended: a render after the deadline, ahead of the timer, ends it first', async () => {
    const el = await fixture<CountdownProbe>(html`<countdown-probe></countdown-probe>`);
    el.countdown.start(2);
    await el.updateComplete;
    // The deadline passes but the timer has not fired yet, and the host renders for another reason.
    clock.setSystemTime(Date.now() + 3000);
    el.requestUpdate();
    await el.updateComplete;
    expect([shown(el), el.ends]).to.deep.equal(['done', 1]);
    await clock.tickAsync(5000);
    expect(el.ends).to.equal(1);
  });

  it('shows at least 0:01 while it runs, never 0:00', async () => {
    const el = await fixture<CountdownProbe>(html`<countdown-probe></countdown-probe>`);
    el.countdown.start(1);
    await el.updateComplete;
    clock.setSystemTime(Date.now() + 1000);
    expect([el.countdown.running, el.countdown.clock]).to.deep.equal([true, '0:01']);
    // Fake timers keep their own schedule when the system time is set: this fires the timer.
    await clock.tickAsync(1000);
    expect([el.countdown.running, el.ends]).to.deep.equal([false, 1]);
  });

  it('not shown on screen: wakes only at the end, not every second', async () => {
    const el = await fixture<DeadlineProbe>(html`<deadline-probe></deadline-probe>`);
    el.deadline.start(300);
    await el.updateComplete;
    const renders = el.renders;
    await clock.tickAsync(299_000);
    expect([el.renders - renders, el.ends, el.deadline.running]).to.deep.equal([0, 0, true]);
    await clock.tickAsync(1000);
    expect([el.ends, el.deadline.running]).to.deep.equal([1, false]);
  });

  it('stops without ending, and stops ticking when disconnected', async () => {
    const el = await fixture<CountdownProbe>(html`<countdown-probe></countdown-probe>`);
    el.countdown.start(5);
    el.countdown.stop();
    await el.updateComplete;
    expect(shown(el)).to.equal('done');
    expect(el.ends).to.equal(0);
    el.countdown.start(5);
    el.remove();
    await el.updateComplete;
    const renders = el.renders;
    await clock.tickAsync(10_000);
    expect(el.renders).to.equal(renders);
    expect(el.ends).to.equal(0);
  });
});

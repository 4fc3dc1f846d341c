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
    expect(el.countdown.running).to.equal(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await el.updateComplete;
    expect(shown(el)).to.equal('done');
    expect(el.ends).to.equal(1);
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

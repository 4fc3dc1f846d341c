/**
 * The three engines the tests run in, all from Debian's packages (no test tool ever downloads a
 * browser): Chromium, Firefox ESR and WebKitGTK's MiniBrowser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { chromeLauncher, type BrowserLauncher } from '@web/test-runner';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';

export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: Engine[] = ['chromium', 'firefox', 'webkit'];

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Debian's Chromium, headless. Root needs --no-sandbox; the network flags keep it from stalling on a closed network. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 20000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not listen on port ${port}`);
}

// A private X display for MiniBrowser, which has no headless mode. -displayfd picks a free
// display number, so parallel runs never collide.
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, process: xvfb };
}

/** Launchers for the engines asked for, and a function that stops what they started. */
export async function launchers(engines: Engine[]): Promise<{ browsers: BrowserLauncher[]; stop: () => void }> {
  const children: ChildProcess[] = [];
  const browsers: BrowserLauncher[] = [];
  for (const engine of engines) {
    if (engine === 'chromium') {
      browsers.push(
        chromeLauncher({ launchOptions: CHROMIUM }),
      );
    } else if (engine === 'firefox') {
      browsers.push(puppeteerLauncher({ launchOptions: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true } }));
    } else {
      let display = process.env.DISPLAY;
      if (!display) {
        const xvfb = await startXvfb();
        children.push(xvfb.process);
        display = xvfb.display;
      }
      const port = await freePort();
      const driver = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } });
      children.push(driver);
      await waitForPort(port);
      browsers.push(
        webdriverLauncher({
          hostname: '127.0.0.1',
          port,
          logLevel: 'error',
          capabilities: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
            'wdio:enforceWebDriverClassic': true,
          } as WebdriverIO.Capabilities,
        }),
      );
    }
  }
  const stop = () => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill();
  };
  process.once('exit', stop);
  return { browsers, stop };
}

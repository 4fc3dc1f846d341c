/**
 * `mfa-elements <command>`: `serve` (the reference backend, configured by environment variables)
 * and `conformance <base URL>` (checks any backend against protocol v1). The `bin/` script calls
 * {@link main}; so do the tests.
 */
import { ConfigError, configFromEnv } from './config.js';
import { serve } from './serve.js';

const USAGE = `Usage:
  mfa-elements serve                    the reference backend (configuration: environment variables, see docs/deploy.md)
  mfa-elements conformance <base URL>   check a backend against protocol v1`;

/** Runs a command; resolves to the exit code (serve resolves when it has stopped). */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'serve') {
      const running = await serve(configFromEnv(env));
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      return 0;
    }
    if (command === 'conformance') {
      const { conformance } = await import('./conformance.js');
      return await conformance(rest);
    }
    console.error(USAGE);
    return command === undefined || command === '--help' ? 0 : 2;
  } catch (error) {
    // One plain line, never a stack trace: the operator fixes the configuration and starts again.
    const message = error instanceof ConfigError ? error.message : `unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    console.error(`mfa-elements: ${message}`);
    return 1;
  }
}

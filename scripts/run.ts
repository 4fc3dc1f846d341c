/** Runs a command with inherited output; resolves with its exit code. */
import { spawn } from 'node:child_process';

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; capture?: boolean; cwd?: string } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...options.env }, cwd: options.cwd });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Test processes of their own: a store killed mid-write, a second backend instance. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves when a line of stdout matches. */
  line(pattern: RegExp): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript file in a Node process of its own, reading its stdout line by line. */
export function spawnChild(file: string, args: string[], env: Record<string, string> = {}): Child {
  const process_ = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  let stderr = '';
  const waiting: [RegExp, (line: string) => void][] = [];
  let buffer = '';
  process_.stdout!.on('data', (chunk) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const [pattern, resolve] of waiting) if (pattern.test(line)) resolve(line);
    }
  });
  process_.stderr!.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => process_.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    process: process_,
    lines,
    stderr: () => stderr,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        waiting.push([pattern, resolve]);
        void exit.then(({ code }) => reject(new Error(`the child ended (${code}) before printing ${pattern}: ${stderr}`)));
      }),
    exit,
  };
}

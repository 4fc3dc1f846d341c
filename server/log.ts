/** One line about a failure for a server's log: what failed and where, without the secrets it may quote. */

/**
 * Describes `error` on one line: its name, its message with every run of four or more digits
 * replaced (a phone number or a code a provider's message quotes), and where it was thrown.
 */
export function describeError(error: unknown): string {
  const redact = (text: string) => text.replace(/\+?\d(?:[\d \-().]*\d){3,}/g, '[digits]').replace(/\s+/g, ' ');
  if (!(error instanceof Error)) return `non-error thrown: ${redact(typeof error === 'string' ? error : Object.prototype.toString.call(error))}`;
  const frame = /\n\s+at (.+)/.exec(error.stack ?? '')?.[1];
  const cause = error.cause === undefined ? '' : ` (cause: ${describeError(error.cause)})`;
  return `${error.name}: ${redact(error.message)}${frame ? ` at ${frame}` : ''}${cause}`;
}

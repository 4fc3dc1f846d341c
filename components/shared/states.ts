/**
 * Mirrors an element's state into its custom states, so pages can style `:state(sending)` and the
 * like. Engines without `CustomStateSet`, or that only accept the older `--name` syntax, throw on
 * `add`: there the states are skipped, as they only serve styling.
 */
export function setStates(internals: ElementInternals | undefined, on: Record<string, boolean>): void {
  const states = internals?.states;
  if (!states) return;
  for (const name in on) {
    try {
      if (on[name]) states.add(name);
      else states.delete(name);
    } catch {
      return;
    }
  }
}

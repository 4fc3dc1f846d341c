/** The one assertion the server tests share: an action fails with an MfaError of this code. */
import assert from 'node:assert/strict';
import { isMfaError, type MfaError } from '../../src/errors.js';

/** Awaits `action`, which must reject with an `MfaError` of `code`; returns that error. */
export async function rejects(action: Promise<unknown>, code: string): Promise<MfaError> {
  try {
    await action;
  } catch (error) {
    assert.ok(isMfaError(error), String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

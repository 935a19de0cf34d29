/** The error a promise rejects with (fails the test when it resolves). */
import type { FluxgenError } from '../../src/errors.ts';

export async function rejection(promise: Promise<unknown>): Promise<FluxgenError> {
  try {
    await promise;
  } catch (error) {
    return error as FluxgenError;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

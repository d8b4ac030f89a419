/** The error `fn` throws; fails the test when it throws none. */
export function errorOf(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

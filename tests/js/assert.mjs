// Tiny runtime-agnostic assertions (no node: imports), shared by the scenarios in every runtime.

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

const show = (value) => {
  try {
    const text = JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
    if (text === undefined) return String(value);
    return text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    return String(value);
  }
};

const fail = (message, context) => {
  throw new AssertionError(context ? `${context}: ${message}` : message);
};

export function ok(value, message) {
  if (!value) fail(`expected a truthy value, got ${show(value)}`, message);
}

export function equal(actual, expected, message) {
  if (!Object.is(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, message);
}

export function notEqual(actual, unexpected, message) {
  if (Object.is(actual, unexpected)) fail(`expected anything but ${show(unexpected)}`, message);
}

function same(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && same(a[key], b[key]));
}

export function deepEqual(actual, expected, message) {
  if (!same(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, message);
}

export function includes(text, part, message) {
  if (typeof text !== "string" || !text.includes(part)) fail(`expected ${show(text)} to include ${show(part)}`, message);
}

export function notIncludes(text, part, message) {
  if (typeof text !== "string" || text.includes(part)) fail(`expected ${show(text)} not to include ${show(part)}`, message);
}

/**
 * Awaits `promise` (or calls `fn` and awaits it) and checks that it rejects. `expected` may give
 * `code`, `status`, `retryable`, `messageIncludes` (a string or a list), `instanceOf`.
 * Returns the error for further checks.
 */
export async function rejects(promiseOrFn, expected = {}, message) {
  let error;
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) fail(`expected a rejection${expected.code ? ` with code ${show(expected.code)}` : ""}, but it resolved`, message);
  checkError(error, expected, message);
  return error;
}

/** Calls `fn` synchronously and checks that it throws; same `expected` as rejects(). */
export function throws(fn, expected = {}, message) {
  let error;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) fail(`expected a throw${expected.code ? ` with code ${show(expected.code)}` : ""}, but it returned`, message);
  checkError(error, expected, message);
  return error;
}

function checkError(error, expected, message) {
  const summary = () => `${error?.name}: ${error?.message} (code ${show(error?.code)}, status ${show(error?.status)})`;
  if (expected.instanceOf && !(error instanceof expected.instanceOf)) fail(`expected an instance of ${expected.instanceOf.name}, got ${summary()}`, message);
  if (expected.code !== undefined && error?.code !== expected.code) fail(`expected code ${show(expected.code)}, got ${summary()}`, message);
  if (expected.status !== undefined && error?.status !== expected.status) fail(`expected status ${show(expected.status)}, got ${summary()}`, message);
  if (expected.retryable !== undefined && error?.retryable !== expected.retryable) {
    fail(`expected retryable ${show(expected.retryable)}, got ${show(error?.retryable)} on ${summary()}`, message);
  }
  const parts = expected.messageIncludes === undefined ? [] : [expected.messageIncludes].flat();
  for (const part of parts) {
    if (typeof error?.message !== "string" || !error.message.includes(part)) fail(`expected the message to include ${show(part)}, got ${summary()}`, message);
  }
}

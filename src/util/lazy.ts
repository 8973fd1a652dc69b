// Modules loaded on first use rather than at start-up (protobufjs, ajv): start-up pays only for
// what a fresh server needs. createRequire keeps the call sites synchronous.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyModule<T>(id: string): () => T {
  let m: T | undefined;
  return () => (m ??= require(id) as T);
}

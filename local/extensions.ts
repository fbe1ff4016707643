import type { LocalExtension } from './extension';

/** The local wiring, in start order. Capabilities append theirs here. */
export function localExtensions(): LocalExtension[] {
  return [];
}

import type { LocalExtension } from './extension';
import { ivsExtension } from './wiring/ivs';

/** The local wiring, in start order. Capabilities append theirs here. */
export function localExtensions(): LocalExtension[] {
  return [ivsExtension()];
}

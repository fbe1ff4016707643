import { Construct } from 'constructs';
import type { CapabilityProps } from './capability';

/** Chat: resources beyond its HTTP routes (added by the chat capability). */
export class ChatCapability extends Construct {
  constructor(scope: Construct, id: string, _props: CapabilityProps) {
    super(scope, id);
  }
}

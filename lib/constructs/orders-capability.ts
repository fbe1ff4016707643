import { Construct } from 'constructs';
import type { CapabilityProps } from './capability';

/** Orders: resources beyond its HTTP routes (added by the orders capability). */
export class OrdersCapability extends Construct {
  constructor(scope: Construct, id: string, _props: CapabilityProps) {
    super(scope, id);
  }
}

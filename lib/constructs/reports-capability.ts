import { Construct } from 'constructs';
import type { CapabilityProps } from './capability';

/** Reports: resources beyond its HTTP routes (added by the reports capability). */
export class ReportsCapability extends Construct {
  constructor(scope: Construct, id: string, _props: CapabilityProps) {
    super(scope, id);
  }
}

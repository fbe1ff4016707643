import { Construct } from 'constructs';
import type { CapabilityProps } from './capability';

/** Catalog: resources beyond its HTTP routes (added by the catalog capability). */
export class CatalogCapability extends Construct {
  constructor(scope: Construct, id: string, _props: CapabilityProps) {
    super(scope, id);
  }
}

import { DeploymentConfigError } from '../lib/config';
import { buildVillageLiveApp } from '../lib/village-live-app';

try {
  buildVillageLiveApp();
} catch (error) {
  if (error instanceof DeploymentConfigError) {
    console.error(`village-live: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

import { createFulfilmentHandler, defaultStep } from '../../lambdas/fulfilment/handler';
import { withInjectedFaults } from './fulfilment-faults';

/**
 * The fulfilment worker as the local runtime runs it (in its own function instances): the deployed
 * handler and step, plus the faults the tests inject through `PUT /_local/faults/fulfilment`.
 */
export const handler = createFulfilmentHandler(withInjectedFaults(defaultStep));

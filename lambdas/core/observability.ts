import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './business-metrics';

const application = METRICS_SERVICE;
/** One per function (BackendFunction sets it), so logs and traces say which function wrote them. */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? application;

/**
 * Module-scope singletons: one logger, one metrics buffer and one tracer per execution environment.
 * The tracer records only on Lambda with active tracing: it switches itself off where
 * AWS_EXECUTION_ENV is unset (tests, the local runtime) or POWERTOOLS_TRACE_ENABLED is false.
 */
export const logger = new Logger({ serviceName });
// The `service` dimension stays the application's: a metric such as Http5xx is one series across functions.
export const metrics = new Metrics({ serviceName: application, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE });
export const tracer = new Tracer({ serviceName });

/**
 * The handler's X-Ray subsegment, with the cold-start and service annotations. Responses are not
 * recorded: they carry customer data and stream keys, which do not belong in trace metadata.
 */
export const traceLambdaHandler = () => captureLambdaHandler(tracer, { captureResponse: false });

import type { LocalFunctions } from './functions/local-functions';
import type { LocalIssuer } from './local-issuer';
import type { ControlRoute } from './http-gateway';

/** What the runtime hands to each piece of local wiring. */
export interface RuntimeContext {
  /** Environment the functions see (table names, queue URLs, endpoints). */
  readonly env: Readonly<Record<string, string>>;
  readonly endpoints: { readonly dynamodb: string; readonly sqsS3: string };
  readonly issuer: LocalIssuer;
  readonly dataDir: string | undefined;
  /** Invokes the functions as Lambda runs them (local/functions/local-functions.ts). */
  readonly functions: LocalFunctions;
  /** The local HTTP API's base URL, once it listens (after every extension has started); undefined before. */
  readonly apiUrl: () => string | undefined;
}

/**
 * A piece of local wiring that does what AWS would around the functions: event sources, schedules,
 * service stand-ins. Each capability adds its own; the runtime starts them in order and stops them
 * in reverse.
 */
export interface LocalExtension {
  readonly name: string;
  /**
   * `env` joins the functions' environment at once; `lateEnv`, once the gateway listens (values that
   * name the API's own URL), before any function instance starts.
   */
  start(context: RuntimeContext): Promise<{ controlRoutes?: ControlRoute[]; env?: Record<string, string>; lateEnv?: (apiUrl: string) => Record<string, string> } | void>;
  stop?(): Promise<void>;
}

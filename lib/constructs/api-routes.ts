import { Validations } from 'aws-cdk-lib';
import { CfnStage, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import type { AnyRoute } from '../../lambdas/core/http/route';
import { alipayNotifyRoute } from '../../lambdas/payments/routes';
import type { StageConfig } from '../config';
import { isWriteRoute, writeRouteThrottles } from '../route-throttles';
import { grantAccess, type DataResources } from './access-grants';
import { BackendFunction } from './backend-function';
import { CursorSigningKey } from './cursor-signing-key';
import { ACCESS_TOKEN_SCOPE, type VillageHttpApi } from './http-api';

export interface ApiRoutesProps {
  readonly config: StageConfig;
  readonly http: VillageHttpApi;
  readonly routes: readonly AnyRoute[];
  readonly data: DataResources;
}

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** Where Alipay posts its notifications: this region's API (the `$default` stage) plus the notify route. */
export const alipayNotifyUrl = (http: VillageHttpApi): string => `${http.api.apiEndpoint}${alipayNotifyRoute.path}`;

/**
 * One function per route of lambdas/routes.ts, wired to the HTTP API with the JWT authorizer (except
 * public routes), and granted exactly what the route's `access` tokens say. Write routes get their own
 * throttle on the stage (lib/route-throttles.ts). A `$default` route answers unknown paths with the
 * contract's 404 envelope, before authentication.
 */
export class ApiRoutes extends Construct {
  readonly functions: ReadonlyMap<string, BackendFunction>;

  constructor(scope: Construct, id: string, props: ApiRoutesProps) {
    super(scope, id);
    const functions = new Map<string, BackendFunction>();
    const cursorKey = new CursorSigningKey(this, 'CursorSigningKey');
    const grantData: DataResources = { ...props.data, userPool: props.http.userPool, paymentProvider: { config: props.config, notifyUrl: alipayNotifyUrl(props.http) } };
    for (const route of props.routes) {
      const fn = new BackendFunction(this, `${pascal(route.id)}Function`, {
        entry: route.entry,
        config: props.config,
        description: `${route.method} ${route.path}`,
        memoryMb: route.memoryMb,
        timeoutSeconds: route.timeoutSeconds,
        environment: cursorKey.environment,
      });
      grantAccess(fn, route.access, grantData);
      const httpRoute = new HttpRoute(this, `${pascal(route.id)}Route`, {
        httpApi: props.http.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${pascal(route.id)}Integration`, fn),
        ...(route.auth === 'public'
          ? { authorizer: new HttpNoneAuthorizer() }
          : { authorizer: props.http.authorizer, authorizationScopes: [ACCESS_TOKEN_SCOPE] }),
      });
      // CloudFormation rejects RouteSettings for a route key that does not exist yet.
      if (isWriteRoute(route)) props.http.stage.node.addDependency(httpRoute);
      functions.set(route.id, fn);
    }
    this.functions = functions;
    (props.http.stage.node.defaultChild as CfnStage).routeSettings = writeRouteThrottles(props.routes, props.config.api);

    const notFound = new BackendFunction(this, 'NotFoundFunction', {
      entry: 'lambdas/platform/not-found.ts',
      config: props.config,
      description: 'Unknown routes: 404 envelope',
      memoryMb: 128,
    });
    const defaultRoute = new HttpRoute(this, 'DefaultRoute', {
      httpApi: props.http.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFoundIntegration', notFound),
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The $default route only answers 404 for unknown paths (as docs/api.md requires, before authentication); it reads no data.',
    });
    for (const route of props.routes.filter((r) => r.auth === 'public')) {
      Validations.of(this.node.findChild(`${pascal(route.id)}Route`)).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${route.method} ${route.path} is public by contract (docs/api.md) and touches no tenant data.`,
      });
    }
  }

  functionFor(routeId: string): BackendFunction {
    const fn = this.functions.get(routeId);
    if (!fn) throw new Error(`No function for route ${routeId}`);
    return fn;
  }
}

/**
 * What keeps web pages out of the local gateway. It listens on 127.0.0.1, but every page open in the
 * same browser can still send it requests: through DNS rebinding (a page's own host name made to
 * resolve to 127.0.0.1, so its requests carry that name in `Host`) and through cross-site "simple"
 * requests (form posts, `fetch` without custom headers), which need no CORS permission to be sent.
 */

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/** Only the names of this machine's loopback interface, with any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every `/_local/*` write, with a body or without, must say `application/json`: a page cannot send
 * that cross-origin without a CORS preflight, which the gateway never grants.
 */
export function needsJsonContentType(method: string, pathname: string): boolean {
  return WRITE_METHODS.has(method) && pathname.startsWith('/_local/');
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

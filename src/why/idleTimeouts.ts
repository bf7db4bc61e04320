/**
 * Well-known time limits of proxies, load balancers and hosts that end WebSocket connections.
 * A drop whose measured silence (or age) lands on one of these numbers is very probably that limit.
 * Only defaults confirmed in the vendor's own documentation or source are listed; every entry
 * carries its source. Configurable limits are listed at their default: a changed setting will not
 * match, and the silence finding then falls back to reporting the silence alone.
 */
import { formatLimit } from './duration';

export type LimitKind =
  /** Fires after a stretch with no traffic. */
  | 'idle'
  /** Fires after a fixed connection age, whatever the traffic (a heartbeat does not help). */
  | 'lifetime';

/**
 * Which traffic restarts an idle timer. nginx only times reads from the upstream server
 * (proxy_read_timeout), so a client heartbeat the server never answers does not keep it alive.
 */
export type IdleResetBy = 'any-traffic' | 'server-traffic';

export interface NetworkTimeout {
  readonly id: string;
  /** Short name for lists: "AWS ALB idle timeout". */
  readonly name: string;
  readonly seconds: number;
  /** What exactly the number is: "nginx proxy_read_timeout (default)". */
  readonly what: string;
  readonly kind: LimitKind;
  readonly resetBy: IdleResetBy;
  /** True when the number is a default the operator can change (labels then say "(default)"). */
  readonly configurable: boolean;
  /** A caveat that changes how a match reads, if any. */
  readonly note?: string;
  readonly source: string;
}

export const NETWORK_TIMEOUTS: readonly NetworkTimeout[] = [
  {
    id: 'nginx-proxy-read-timeout',
    name: 'nginx proxy_read_timeout',
    seconds: 60,
    what: 'nginx proxy_read_timeout (default), timed on data from the proxied server only',
    kind: 'idle',
    resetBy: 'server-traffic',
    configurable: true,
    source: 'https://nginx.org/en/docs/http/websocket.html',
  },
  {
    id: 'ingress-nginx-proxy-read-timeout',
    name: 'Kubernetes ingress-nginx proxy-read-timeout',
    seconds: 60,
    what: 'Kubernetes ingress-nginx proxy-read-timeout (default), timed on data from the server only',
    kind: 'idle',
    resetBy: 'server-traffic',
    configurable: true,
    source: 'https://kubernetes.github.io/ingress-nginx/user-guide/miscellaneous/#websockets',
  },
  {
    id: 'aws-alb-idle-timeout',
    name: 'AWS ALB idle timeout',
    seconds: 60,
    what: 'AWS Application Load Balancer connection idle timeout (default)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: true,
    source:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout',
  },
  {
    id: 'aws-clb-idle-timeout',
    name: 'AWS Classic Load Balancer idle timeout',
    seconds: 60,
    what: 'AWS Classic Load Balancer idle timeout (default)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: true,
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-idle-timeout.html',
  },
  {
    id: 'aws-nlb-tcp-idle-timeout',
    name: 'AWS NLB TCP idle timeout',
    seconds: 350,
    what: 'AWS Network Load Balancer TCP idle timeout (default; fixed for TLS listeners)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: true,
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html',
  },
  {
    id: 'aws-api-gateway-idle',
    name: 'AWS API Gateway WebSocket idle timeout',
    seconds: 600,
    what: 'AWS API Gateway WebSocket API idle connection timeout (fixed)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: false,
    source:
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html',
  },
  {
    id: 'cloudflare-proxy-idle',
    name: 'Cloudflare proxy idle timeout',
    seconds: 100,
    what: 'Cloudflare proxy idle timeout for WebSockets (plans below Enterprise)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: false,
    note: 'stated by Cloudflare staff on the community forum, not in the product documentation',
    source: 'https://community.cloudflare.com/t/cloudflare-websocket-timeout/5865',
  },
  {
    id: 'heroku-router-idle',
    name: 'Heroku router idle window',
    seconds: 55,
    what: 'Heroku router rolling 55 s idle window (H15 Idle connection)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: false,
    source:
      'https://help.heroku.com/BZGH6WMY/why-do-my-websocket-requests-have-high-service-times-in-the-router-logs',
  },
  {
    id: 'azure-load-balancer-idle',
    name: 'Azure Load Balancer idle timeout',
    seconds: 240,
    what: 'Azure Load Balancer idle timeout (default 4 min)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: true,
    // Without "TCP reset on idle" the flow is dropped silently and the browser only notices later,
    // so the close then comes after the limit rather than at it.
    note: 'the close lands on the limit only when "TCP reset on idle" is enabled',
    source: 'https://learn.microsoft.com/en-us/azure/load-balancer/load-balancer-tcp-idle-timeout',
  },
  {
    id: 'envoy-stream-idle-timeout',
    name: 'Envoy stream_idle_timeout',
    seconds: 300,
    what: 'Envoy HTTP connection manager stream_idle_timeout (default)',
    kind: 'idle',
    resetBy: 'any-traffic',
    configurable: true,
    source: 'https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts',
  },
  {
    id: 'gcp-backend-service-timeout',
    name: 'Google Cloud load balancer backend service timeout',
    seconds: 30,
    what: 'Google Cloud external Application Load Balancer backend service timeout (default), which caps a WebSocket connection\u2019s whole lifetime',
    kind: 'lifetime',
    resetBy: 'any-traffic',
    configurable: true,
    source: 'https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting',
  },
  {
    id: 'cloud-run-request-timeout',
    name: 'Cloud Run request timeout',
    seconds: 300,
    what: 'Google Cloud Run request timeout (default), which also ends WebSocket connections',
    kind: 'lifetime',
    resetBy: 'any-traffic',
    configurable: true,
    source: 'https://cloud.google.com/run/docs/triggering/websockets',
  },
  {
    id: 'aws-api-gateway-duration',
    name: 'AWS API Gateway WebSocket connection duration',
    seconds: 7200,
    what: 'AWS API Gateway WebSocket API maximum connection duration (fixed)',
    kind: 'lifetime',
    resetBy: 'any-traffic',
    configurable: false,
    source:
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html',
  },
];

/**
 * How far a measurement may sit from a limit and still count as that limit.
 *
 * The page timestamps frames when it sees them, not when they cross the proxy. For a received
 * frame the proxy saw it one network latency earlier, so the page measures up to ~1 latency less
 * silence than the proxy did; for a sent frame the proxy saw it later, so the page measures more.
 * The close itself reaches the page one latency (plus event-loop delay) after the timer fired, and
 * proxies check their timers with some granularity. Hence a small slack below the limit and a
 * larger one above it, both growing slowly with the limit for long timers.
 */
export const MATCH_SLACK_BEFORE = { minMs: 1000, fraction: 0.01 } as const;
export const MATCH_TOLERANCE_AFTER = { minMs: 1500, fraction: 0.03 } as const;

/** The measured span [fromMs, toMs] that counts as hitting a limit of `limitMs`. */
export function matchWindow(limitMs: number): { readonly fromMs: number; readonly toMs: number } {
  return {
    fromMs: limitMs - Math.max(MATCH_SLACK_BEFORE.minMs, limitMs * MATCH_SLACK_BEFORE.fraction),
    toMs: limitMs + Math.max(MATCH_TOLERANCE_AFTER.minMs, limitMs * MATCH_TOLERANCE_AFTER.fraction),
  };
}

export interface IdleTimeoutMatch {
  readonly timeout: NetworkTimeout;
  /** The measured span that matched (silence, server silence, or age). */
  readonly measuredMs: number;
  /** measuredMs − limit: negative when the close came slightly before the nominal limit. */
  readonly offsetMs: number;
}

function matchOne(timeout: NetworkTimeout, measuredMs: number): IdleTimeoutMatch | null {
  const limitMs = timeout.seconds * 1000;
  const { fromMs, toMs } = matchWindow(limitMs);
  if (!(measuredMs >= fromMs && measuredMs <= toMs)) return null;
  return { timeout, measuredMs, offsetMs: measuredMs - limitMs };
}

/** Closest match first, so the summary names the best fit before the others. */
function byCloseness(a: IdleTimeoutMatch, b: IdleTimeoutMatch): number {
  return Math.abs(a.offsetMs) - Math.abs(b.offsetMs);
}

/**
 * The idle timeouts a measured silence matches.
 * @param silenceMs time since the last frame in either direction (or since open)
 * @param serverSilenceMs time since the last frame from the server (or since open); entries that
 *   only count server traffic are matched against it. Defaults to `silenceMs`.
 */
export function matchIdleTimeout(silenceMs: number, serverSilenceMs: number = silenceMs): IdleTimeoutMatch[] {
  const matches: IdleTimeoutMatch[] = [];
  for (const timeout of NETWORK_TIMEOUTS) {
    if (timeout.kind !== 'idle') continue;
    const match = matchOne(timeout, timeout.resetBy === 'server-traffic' ? serverSilenceMs : silenceMs);
    if (match) matches.push(match);
  }
  return matches.sort(byCloseness);
}

/** The lifetime caps a connection's age (open to close) matches. */
export function matchLifetimeLimit(ageMs: number): IdleTimeoutMatch[] {
  const matches: IdleTimeoutMatch[] = [];
  for (const timeout of NETWORK_TIMEOUTS) {
    if (timeout.kind !== 'lifetime') continue;
    const match = matchOne(timeout, ageMs);
    if (match) matches.push(match);
  }
  return matches.sort(byCloseness);
}

/** "AWS ALB idle timeout 60 s (default)", "Heroku router idle window 55 s". */
export function timeoutLabel(timeout: NetworkTimeout): string {
  return `${timeout.name} ${formatLimit(timeout.seconds)}${timeout.configurable ? ' (default)' : ''}`;
}

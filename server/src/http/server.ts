/**
 * The HTTP and WebSocket server: Apollo Server 5 on express 5 at /graphql,
 * graphql-ws on the same port and path, health probes, and the built console
 * at /. `close()` drains both HTTP requests and WebSocket connections.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { createContext, type Context } from '../graphql/context.js';
import { withRedactions } from '../graphql/personal-data.js';
import { sharedSubscribe } from '../graphql/shared-subscriptions.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { credentialsFrom, credentialsFromConnectionParams } from '../modules/auth/credentials.js';
import type { TokenSigner } from '../modules/auth/tokens.js';
import type { AuthenticatedViewer } from '../modules/auth/viewer.js';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../graphql/errors.js';
import { WsSessions } from './ws-sessions.js';
import { createFormatError } from '../graphql/errors.js';
import type { EventBus } from '../events/event-bus.js';
import { STATEMENTS_HEADER, countStatements, statementsSoFar } from '../db/statement-counter.js';
import { checkWebSocketOperation, createQueryProtection, limitBatches } from '../graphql/limits.js';
import { RequestRateLimiter } from './rate-limit.js';
import { MAX_GRAPHQL_BODY_BYTES } from '../graphql/limits.config.js';
import { exportCustomers } from '../modules/imports/customer-export.js';
import { exportCollectorStatistics } from '../modules/collector-stats/collector-stats.export.js';
import { exportExpiringContracts } from '../modules/contracts/contract.export.js';

export interface ServerOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  events: EventBus;
  signer: TokenSigner;
  logger: Logger;
  port: number;
  host: string;
  clientDist: string;
  shutdownGraceMs: number;
  wsInitTimeoutMs: number;
  /** Requests a staff user may make per minute; default QUERY_LIMITS.userRequestsPerMinute (GRIDLINE_USER_REQUESTS_PER_MINUTE). */
  userRequestsPerMinute?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** How long /readyz waits for PostgreSQL's `select 1` before answering 503. */
const READY_TIMEOUT_MS = 2_000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { schema, orm, events, logger, signer } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const services = { orm, events, logger, signer };
  const formatError = createFormatError(logger);
  const protection = createQueryProtection<Context>();
  const rateLimiter = new RequestRateLimiter(orm, options.userRequestsPerMinute);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready = PostgreSQL answers a real `select 1` in time. Without the time limit a database that stops
  // answering (no refusal, no reset) would hang the probe for the pool's acquire timeout, or forever.
  app.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('readiness probe timed out')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([orm.em.getConnection().execute('select 1'), timeout]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    } finally {
      clearTimeout(timer);
    }
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsSessions = new WsSessions(events, logger.child({ module: 'ws' }));
  const wsCleanup = useServer<Record<string, unknown>, { viewer?: AuthenticatedViewer }>(
    {
      schema,
      // graphql-ws closes with 4408 when no connection_init arrives in time.
      connectionInitWaitTimeout: options.wsInitTimeoutMs,
      // Credentials in connectionParams; a refusal closes with 4403 Forbidden.
      onConnect: async (ctx) => {
        try {
          const viewer = await new AuthService(orm.em.fork(), signer).authenticate(credentialsFromConnectionParams(ctx.connectionParams));
          if (viewer.kind === 'anonymous') return false;
          ctx.extra.viewer = viewer;
          wsSessions.add(ctx.extra.socket, viewer);
          return true;
        } catch (error) {
          if (!(error instanceof AppError)) logger.error({ err: error }, 'WebSocket authentication failed');
          return false;
        }
      },
      onClose: (ctx) => wsSessions.remove(ctx.extra.socket),
      // The same query limits as over HTTP.
      onSubscribe: (_ctx, _id, payload) => checkWebSocketOperation(schema, payload),
      context: (ctx) => createContext(services, `ws-${randomUUID()}`, { kind: 'none' }, ctx.extra.viewer),
      // One execution per event for subscribers who would get the same answer.
      subscribe: sharedSubscribe((ctx) => createContext(services, ctx.requestId, ctx.credentials, ctx.auth.viewer)),
      onNext: (_ctx, _id, _payload, args, result) => {
        const formatted = result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : result;
        return withRedactions(formatted as { extensions?: Record<string, unknown> }, args.contextValue as Context) as typeof result;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Query limits (graphql/limits.config.ts): parse options, validation rules, batching, introspection.
    ...protection,
    // main.ts owns the signals: it drains this server, then stops the database.
    stopOnTerminationSignals: false,
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs }),
      // Nothing here uses cache hints; the default plugin wraps every field resolver (measured in bench/).
      ApolloServerPluginCacheControlDisabled(),
      ...protection.plugins,
      {
        async requestDidStart() {
          return {
            // After validation: a request the query limits reject costs no SQL.
            async didResolveOperation({ contextValue, operation }) {
              // Subscriptions are served over graphql-ws; over HTTP their resolvers would run without an event.
              if (operation?.operation === 'subscription') {
                throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at /graphql', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
              }
              try {
                contextValue.auth.viewer = await new AuthService(contextValue.em, signer).authenticate(contextValue.credentials);
                const { viewer } = contextValue.auth;
                if (viewer.kind !== 'anonymous') await rateLimiter.consume(viewer);
              } catch (error) {
                throw asHttpError(error);
              }
            },
            async willSendResponse({ response, contextValue }) {
              response.http.headers.set(STATEMENTS_HEADER, String(statementsSoFar()));
              if (response.body.kind === 'single') {
                response.body.singleResult = withRedactions(response.body.singleResult, contextValue);
              }
            },
          };
        },
        async serverWillStart() {
          return {
            async drainServer() {
              wsSessions.stop();
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    (_req, _res, next) => countStatements(next),
    // Room for an import file (IMPORT_LIMITS) in base64.
    express.json({ limit: MAX_GRAPHQL_BODY_BYTES }),
    limitBatches(),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(services, String(req.id), credentialsFrom(req.headers.authorization, req.headers['x-api-key'])),
    }),
  );

  // Customer export (modules/imports): CSV or XLSX, authenticated like /graphql.
  app.get(
    ['/export/customers.csv', '/export/customers.xlsx'],
    exportCustomers({ schema, services, logger, consumeRate: (viewer) => rateLimiter.consume(viewer) }),
  );
  // Collector monthly statistics (modules/collector-stats): CSV or XLSX, authenticated and scoped the same way.
  app.get(
    ['/export/collector-statistics.csv', '/export/collector-statistics.xlsx'],
    exportCollectorStatistics({ schema, services, logger, consumeRate: (viewer) => rateLimiter.consume(viewer) }),
  );
  // Contracts expiring within N days (modules/contracts): CSV or XLSX, authenticated and scoped the same way.
  app.get(
    ['/export/expiring-contracts.csv', '/export/expiring-contracts.xlsx'],
    exportExpiringContracts({ schema, services, logger, consumeRate: (viewer) => rateLimiter.consume(viewer) }),
  );

  serveConsole(app, options.clientDist);
  app.use(handleHttpError(logger));

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  let closing: Promise<void> | null = null;
  return {
    port,
    url: `http://${shownHost}:${port}`,
    close: () => (closing ??= apollo.stop()),
  };
}

/** HTTP status for errors raised before execution: 401 for bad credentials, 429 for rate limits, 503 when the database is unreachable. */
function asHttpError(error: unknown): unknown {
  // The database is down before the operation could even start: 503 with Retry-After, code SERVICE_UNAVAILABLE (formatError).
  if (isDatabaseUnavailable(error)) {
    const headers = new Map([['retry-after', '1']]);
    return new GraphQLError('The database is unavailable; try again shortly', { originalError: error as Error, extensions: { http: { status: 503, headers } } });
  }
  if (!(error instanceof AppError)) return error;
  const status = error.code === ErrorCode.UNAUTHENTICATED ? 401 : error.code === ErrorCode.RATE_LIMITED ? 429 : undefined;
  if (!status) return error;
  const headers = new Map<string, string>();
  if (status === 401) headers.set('www-authenticate', 'Bearer realm="gridline", ApiKey realm="gridline"');
  if (typeof error.details.retryAfter === 'number') headers.set('retry-after', String(error.details.retryAfter));
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status, headers } } });
}

/**
 * Errors before GraphQL runs (malformed JSON, oversized body): a GraphQL-shaped
 * answer with a code and no stack trace.
 */
function handleHttpError(logger: Logger): express.ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string }, _req, res, _next) => {
    const status = error.status ?? error.statusCode ?? 500;
    const known: Record<string, string> = {
      'entity.parse.failed': 'The request body is not valid JSON',
      'entity.too.large': `The request body is too large (limit ${(MAX_GRAPHQL_BODY_BYTES / (1024 * 1024)).toFixed(1)} MB)`,
      'encoding.unsupported': 'The request body encoding is not supported',
    };
    const message = (error.type && known[error.type]) ?? (status < 500 ? 'Bad request' : 'Internal server error');
    if (status >= 500) logger.error({ err: error }, 'unhandled HTTP error');
    res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  };
}

/** The built console at `/`, with client-side routes falling back to index.html. */
function serveConsole(app: express.Express, dist: string): void {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/', (_req, res) => {
      res
        .type('html')
        .send('<!doctype html><meta charset="utf-8"><title>Gridline</title><p>The console is not built. Run <code>pnpm --filter @gridline/client build</code>; the API is at <a href="/graphql">/graphql</a>.</p>');
    });
    return;
  }
  app.use(express.static(dist, { index: 'index.html', maxAge: '1h' }));
  app.get(/^\/(?!graphql|healthz|readyz).*/, (_req, res) => res.sendFile(index));
}

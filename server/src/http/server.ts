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
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { createContext, type Context } from '../graphql/context.js';
import { createFormatError } from '../graphql/errors.js';
import type { EventBus } from '../events/event-bus.js';
import { STATEMENTS_HEADER, countStatements, statementsSoFar } from '../db/statement-counter.js';

export interface ServerOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  events: EventBus;
  logger: Logger;
  port: number;
  host: string;
  clientDist: string;
  shutdownGraceMs: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { schema, orm, events, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const services = { orm, events, logger };
  const formatError = createFormatError(logger);

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
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer<Record<string, unknown>, { context?: Context }>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      context: (ctx) => createContext(services, `ws-${randomUUID()}`),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
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
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              response.http.headers.set(STATEMENTS_HEADER, String(statementsSoFar()));
            },
          };
        },
        async serverWillStart() {
          return {
            async drainServer() {
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
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(services, String(req.id)),
    }),
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

/**
 * Errors before GraphQL runs (malformed JSON, oversized body): a GraphQL-shaped
 * answer with a code and no stack trace.
 */
function handleHttpError(logger: Logger): express.ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string }, _req, res, _next) => {
    const status = error.status ?? error.statusCode ?? 500;
    const known: Record<string, string> = {
      'entity.parse.failed': 'The request body is not valid JSON',
      'entity.too.large': 'The request body is too large (limit 1 MB)',
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

// Ponder's HTTP server: GraphQL at /graphql and SQL over HTTP (for @ponder/client) at /sql/*, next to the
// /health, /ready, /status and /metrics routes Ponder serves itself, plus /chain: the facts clients need
// to judge finality. The merchant API is a separate server (api/); this one only reads indexed tables.

import { db } from 'ponder:api';
import schema from 'ponder:schema';
import { Hono } from 'hono';
import { client, graphql } from 'ponder';
import { readIndexerEnv } from '../../indexer/launch/env.js';

const env = readIndexerEnv();

const app = new Hono();

app.use('/graphql', graphql({ db, schema }));
app.use('/sql/*', client({ db, schema }));
app.get('/chain', (c) =>
  c.json({
    network: env.network,
    chainId: env.chainId,
    escrowAddress: env.escrowAddress,
    startBlock: env.startBlock,
    finality: env.finality,
  }),
);

export default app;

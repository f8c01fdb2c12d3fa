// Ponder 0.16 loads indexing functions only from src/; the handlers live in indexer/ (see docs/architecture.md).
// Ponder's build id hashes only src/, so scripts/indexer.ts names the database schema after a hash of
// everything this file pulls in (indexer/launch/schemaName.ts): an edited handler always gets a fresh schema.
import '../indexer/PMTEscrow.js';

// Wildcard matching is shared with the trust graph (src/graph/glob.ts).
export * from '../graph/glob.js';
